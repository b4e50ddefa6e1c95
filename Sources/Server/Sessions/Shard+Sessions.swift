import Games
import Identity
import Protocol

/// Opening and resuming sessions (spec §3 and §10).
extension Shard {
    /// Opens a new session for the connection that sent `hello` (always on this shard: sessions
    /// start where their connection is) and sends `welcome`.
    func openSession(_ request: SessionRequest, resume: ServerMessage.ResumeOutcome?) {
        precondition(request.link.place == place, "a new session opens on its connection's shard")
        guard let link = links[request.link.id] else { return }
        let session = Session(id: node.identifiers.sessionID(shard: index), shard: self, request: request)
        sessions[session.id] = session
        session.reportPresence()
        if case .refused = resume { node.metrics.resumesRefused.add(1) }
        session.sendUnsequenced(.welcome(cid: request.cid, welcome(for: session, resume: resume)))
        if let player = session.player?.playerID {
            for game in node.orphanedGames.take(player: player, now: loop.now) {
                session.deliver(.single(.gameFinished(game: game, outcome: GameOutcome.abortedJSON, result: nil)), membership: nil)
            }
        }
        link.attach(to: session.address)
    }

    /// Resumes session `id` (homed here) on the connection `request.link`, replaying what the client
    /// missed; or, when that cannot be done, opens a new session on the connection's shard.
    func resumeSession(_ id: String, lastSeq: Int, _ request: SessionRequest) {
        let refusal: String
        if let session = sessions[id] {
            if session.player?.playerID != request.player?.playerID {
                refusal = "wrong_player"
            } else {
                switch session.replayable(after: lastSeq) {
                case .success(let missed):
                    node.metrics.resumes.add(1)
                    session.attach(request.link)
                    let outcome = ServerMessage.ResumeOutcome.resumed(fromSeq: lastSeq + 1)
                    session.sendUnsequenced(.welcome(cid: request.cid, welcome(for: session, resume: outcome)))
                    session.retransmit(missed)
                    // Last: the connection then passes on what it read meanwhile, whose replies
                    // must follow the welcome and the replay.
                    send(.attach(link: request.link.id, session: session.address), to: request.link.place)
                    return
                case .failure(.ahead): refusal = "bad_seq"
                case .failure(.dropped): refusal = "too_far_behind"
                }
            }
        } else {
            refusal = expiredSessions.contains(id) ? "expired" : "unknown_session"
        }
        send(.openSession(request: request, refusal: refusal), to: request.link.place)
    }

    private func welcome(for session: Session, resume: ServerMessage.ResumeOutcome?) -> ServerMessage.Welcome {
        ServerMessage.Welcome(
            session: session.id, node: node.configuration.nodeName, capabilities: session.capabilities,
            limits: node.limits, player: session.playerInfo,
            games: session.player.map { node.seats.games(of: $0.playerID) } ?? [], resume: resume)
    }
}
