import Games
import Protocol
import Reactor

/// Graceful hand-off (deploys): a draining node seals each of its games, sends it whole to a
/// shard of another node (`adopt`), and once that node answers `adopted`, forgets it and routes
/// whatever still arrives for it to the new owner. Nothing is acted on by two owners: the old one
/// stops the game before it is sent, and never runs it again once sent (an unanswered adoption is
/// not undone: the game is the new owner's if it arrived, and lost with the old one if not).
///
/// See `HandedGame` for what travels, and `GameServer.drain` for the whole leave.
extension Shard {
    /// A shard's hand-off in progress: which games wait for an answer, and who hears the tally.
    final class Handoff {
        var waiting: [String: ShardPlace] = [:]
        var handed = 0
        var aborted = 0
        let done: (HandoffTally) -> Void
        var timer: TimerID?

        init(done: @escaping (HandoffTally) -> Void) { self.done = done }
    }

    /// Shard 0: where a draining node's games may go: every shard of every other live node that
    /// takes games, the least loaded nodes first.
    func handoffTargets() -> [ShardPlace] {
        let live = Set(node.views.members.withLock { $0 })
        var nodes: [(games: Int, name: String, shards: Int)] = []
        for (name, value, _) in replicas.all(.loads) {
            guard case .load(let load) = value, name != node.nodeName, live.contains(name), load.acceptsGames else { continue }
            nodes.append((load.games, name, max(1, load.shards)))
        }
        nodes.sort { ($0.games, $0.name) < ($1.games, $1.name) }
        let widest = nodes.map(\.shards).max() ?? 0
        // Round-robin across nodes first, then across their shards, so games spread over all of them.
        return (0..<widest).flatMap { shard in nodes.filter { shard < $0.shards }.map { ShardPlace(node: $0.name, shard: shard) } }
    }

    /// Seals every game of this shard and hands each to one of `targets`, in turn; `done` runs on
    /// this loop with the tally once every adoption is answered, or after `timeout`.
    func handOffGames(to targets: [ShardPlace], timeout: Duration, done: @escaping (HandoffTally) -> Void) {
        let handoff = Handoff(done: done)
        self.handoff = handoff
        var turn = index
        for game in games.values.sorted(by: { $0.id < $1.id }) {
            guard !targets.isEmpty, let handed = game.seal(from: place) else { continue }
            let target = targets[turn % targets.count]
            turn += 1
            sealedGames[game.id] = []
            handoff.waiting[game.id] = target
            send(.adopt(handed), to: target)
        }
        handoff.timer = loop.schedule(after: timeout) { [self] in finishHandoff() }
        if handoff.waiting.isEmpty { finishHandoff() }
    }

    /// The answer to an adoption this shard asked for.
    func adoptionAnswered(_ id: String, place newPlace: ShardPlace, accepted: Bool) {
        guard let handoff, handoff.waiting.removeValue(forKey: id) != nil else { return }
        let queued = sealedGames.removeValue(forKey: id) ?? []
        if accepted {
            games[id]?.handedOver()
            handoff.handed += 1
            node.metrics.gamesHandedOver.add(1)
            movedGames[id] = newPlace
            for other in node.shards.all where other !== self {
                send(.gameMoved(game: id, place: newPlace), to: other.place)
            }
            for message in queued { send(message, to: newPlace) }
        } else {
            // Refused (it cannot host it): the game is still only ours, and ends as a shutdown ends it.
            games[id]?.abort()
            handoff.aborted += 1
            for message in queued { receive(message) }
        }
        if handoff.waiting.isEmpty { finishHandoff() }
    }

    private func finishHandoff() {
        guard let handoff else { return }
        self.handoff = nil
        if let timer = handoff.timer { loop.cancel(timer) }
        handoff.done(HandoffTally(handed: handoff.handed, aborted: handoff.aborted, unanswered: handoff.waiting.count))
    }

    /// `adopt`: host a game a draining node handed over, from where it stopped.
    func adopt(_ handed: HandedGame) {
        func answer(_ accepted: Bool) { send(.adopted(game: handed.id, place: place, accepted: accepted), to: handed.from) }
        guard games[handed.id] == nil, !node.isShuttingDown else { return answer(false) }
        var rules: AnyGame?
        if let saved = handed.rules {
            guard case .success(let restored) = node.registry.restoreGame(from: saved, nowMilliseconds: loop.now.nanoseconds / 1_000_000)
            else { return answer(false) }
            rules = restored
        }
        let game = HostedGame(adopting: handed, rules: rules, shard: self)
        games[handed.id] = game
        movedGames[handed.id] = nil
        game.resumeAdopted()
        node.metrics.gamesAdopted.add(1)
        answer(true)
    }

    /// Messages for a game sealed here wait for its adoption; messages for a game handed over go
    /// on to its new owner. True when `message` was taken care of that way.
    func routedOn(_ message: NodeMessage, game: String) -> Bool {
        // The common case costs two emptiness checks, no hashing: nothing is sealed or moved.
        if sealedGames.isEmpty && movedGames.isEmpty { return false }
        if sealedGames[game] != nil {
            sealedGames[game]!.append(message)
            return true
        }
        if games[game] == nil, let moved = movedGames[game], moved != place {
            send(message, to: moved)
            return true
        }
        return false
    }
}

/// How a shard's (or a node's) hand-off went.
public struct HandoffTally: Sendable, Equatable {
    /// Games adopted by another node.
    public var handed = 0
    /// Games the chosen node refused, ended here instead.
    public var aborted = 0
    /// Games sent whose adoption was not answered in time.
    public var unanswered = 0

    static func + (a: HandoffTally, b: HandoffTally) -> HandoffTally {
        HandoffTally(handed: a.handed + b.handed, aborted: a.aborted + b.aborted, unanswered: a.unanswered + b.unanswered)
    }
}

extension NodeMessage {
    /// The game a message for a game's shard is about.
    var gameID: String? {
        switch self {
        case .join(let game, _, _, _, _, _), .move(let game, _, _, _), .leave(let game, _, _), .gameChat(let game, _, _, _),
            .presence(let game, _, _):
            game
        default:
            nil
        }
    }
}
