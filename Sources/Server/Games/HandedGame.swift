import Games
import Protocol

/// A game on its way from a draining node to another (graceful hand-off): everything its new owner
/// needs to go on exactly where the old one stopped.
///
/// The old owner seals the game (no move, tick or clock runs), builds this, and sends it in a
/// `NodeMessage.adopt`; the new owner rebuilds the game (`GameRegistry.restoreGame`; running clocks
/// restart at adoption), lists it under its own name, and answers `adopted`. Sessions keep their
/// addresses: those on other nodes hear the game on as before; those on the draining node
/// reconnect elsewhere and take their seats back with `game.join`.
struct HandedGame: Sendable {
    /// A taken seat as handed over.
    struct Seat: Sendable, Equatable {
        var player: PlayerInfo
        var session: SessionAddress
        var present: Bool
        var hasLeft: Bool
    }

    let id: String
    let setup: GameSetup
    let invite: String?
    /// `waiting` or `playing` (finished games are not handed over: their result is committed).
    let state: GameState
    /// `AnyGame.savedState` of a game that is playing.
    let rules: GameValue?
    let seats: [Seat?]
    let spectators: [(session: SessionAddress, player: PlayerInfo)]
    let createdAt: Int64
    let startedAt: Int64
    /// The shard that handed it over, which waits for `adopted`.
    let from: ShardPlace
}

extension WireWriter {
    mutating func handedGame(_ game: HandedGame) {
        string(game.id)
        string(game.setup.kind.rawValue)
        int(game.setup.seats)
        data(game.setup.options.jsonFragment.bytes)
        bool(game.setup.isPrivate)
        optionalString(game.invite)
        string(game.state.rawValue)
        bool(game.rules != nil)
        if let rules = game.rules { data(rules.jsonFragment.bytes) }
        unsigned(UInt64(game.seats.count))
        for seat in game.seats {
            bool(seat != nil)
            guard let seat else { continue }
            player(seat.player)
            session(seat.session)
            bool(seat.present)
            bool(seat.hasLeft)
        }
        unsigned(UInt64(game.spectators.count))
        for spectator in game.spectators {
            session(spectator.session)
            player(spectator.player)
        }
        int(Int(game.createdAt))
        int(Int(game.startedAt))
        string(game.from.node)
        int(game.from.shard)
    }
}

extension WireReader {
    /// Most spectators a handed game may carry (a sanity bound, far above any real game).
    static let maxHandedSpectators: UInt64 = 100_000

    mutating func handedGame(registry: GameRegistry) throws(WireError) -> HandedGame {
        let id = try string(), kindName = try string()
        guard let kind = registry.kind(named: kindName) else { throw WireError(description: "unknown kind \(kindName)") }
        let seatCount = try int()
        guard kind.seatRange.contains(seatCount) else { throw WireError(description: "\(seatCount) seats") }
        let options = try gameValue()
        guard case .success(let resolved) = registry.resolveOptions(kind: kindName, options) else {
            throw WireError(description: "options refused by \(kindName)")
        }
        let setup = GameSetup(kind: kind, seats: seatCount, options: resolved, isPrivate: try bool())
        let invite = try optionalString()
        let stateName = try string()
        guard let state = GameState(rawValue: stateName), state != .finished else {
            throw WireError(description: "a handed game in state \(stateName)")
        }
        // Not a `?:`: GameValue is a nil literal itself, so `nil` there would be `.some(.null)`.
        var rules: GameValue?
        if try bool() { rules = try gameValue() }
        guard (rules != nil) == (state == .playing) else { throw WireError(description: "rules without a running game, or none with one") }
        let count = try unsigned()
        guard count == UInt64(seatCount) else { throw WireError(description: "\(count) seats listed for \(seatCount)") }
        var seats: [HandedGame.Seat?] = []
        for _ in 0..<count {
            guard try bool() else {
                seats.append(nil)
                continue
            }
            seats.append(HandedGame.Seat(player: try player(), session: try session(), present: try bool(), hasLeft: try bool()))
        }
        let spectatorCount = try unsigned()
        guard spectatorCount <= Self.maxHandedSpectators else { throw WireError(description: "\(spectatorCount) spectators") }
        var spectators: [(session: SessionAddress, player: PlayerInfo)] = []
        for _ in 0..<spectatorCount { spectators.append((try session(), try player())) }
        return HandedGame(
            id: id, setup: setup, invite: invite, state: state, rules: rules, seats: seats, spectators: spectators,
            createdAt: Int64(try int()), startedAt: Int64(try int()), from: ShardPlace(node: try string(), shard: try shardIndex()))
    }
}
