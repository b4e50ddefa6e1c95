import Protocol

/// What a shard does with a `NodeMessage` addressed to it.
extension Shard {
    func receive(_ message: NodeMessage) {
        if !(sealedGames.isEmpty && movedGames.isEmpty), let game = message.gameID, routedOn(message, game: game) { return }
        switch message {
        case .host(let game, let setup, let session, let player, let cid):
            hostGame(setup, id: game, creator: session, player: player, cid: cid)
        case .join(let game, let session, let player, let role, let viaInvite, let cid):
            guard let hosted = hostedGame(game, for: session, cid: cid) else { return }
            hosted.join(session, player: player, role: role, viaInvite: viaInvite, cid: cid)
        case .move(let game, let session, let move, let cid):
            hostedGame(game, for: session, cid: cid)?.move(move, from: session, cid: cid)
        case .leave(let game, let session, let cid):
            hostedGame(game, for: session, cid: cid)?.leave(session, cid: cid)
        case .gameChat(let game, let session, let line, let cid):
            hostedGame(game, for: session, cid: cid)?.chat(line, from: session, cid: cid)
        case .presence(let game, let session, let change):
            guard let hosted = games[game] else { return }
            switch change {
            case .away: hosted.sessionAway(session)
            case .returned: hosted.sessionReturned(session)
            case .gone: hosted.sessionGone(session)
            }
        case .deliver(let ids, let outbound, let membership):
            for id in ids { sessions[id]?.deliver(outbound, membership: membership) }
        case .membership(let id, let change):
            sessions[id]?.apply(change)
        case .request(let id, let link, let cid, let request):
            sessions[id]?.handle(cid: cid, request, from: link)
        case .connectionLost(let id, let link):
            sessions[id]?.connectionLost(link)
        case .resume(let id, let lastSeq, let request):
            resumeSession(id, lastSeq: lastSeq, request)
        case .transmit(let link, let bytes):
            guard let connection = links[link] else { return }
            bytes.withUnsafeBytes { connection.send($0) }
        case .attach(let link, let session):
            links[link]?.attach(to: session)
        case .replaced(let link):
            links[link]?.replaced()
        case .openSession(let request, let refusal):
            openSession(request, resume: .refused(reason: refusal))
        case .adopt(let handed):
            adopt(handed)
        case .adopted(let game, let place, let accepted):
            adoptionAnswered(game, place: place, accepted: accepted)
        case .gameMoved(let game, let place):
            movedGames[game] = place
        }
    }

    /// The game `id` hosted here, or nil after telling `session` it does not exist.
    private func hostedGame(_ id: String, for session: SessionAddress, cid: Int?) -> HostedGame? {
        if let game = games[id] { return game }
        fail(session, cid: cid, .unknownGame, "no game \(id): it never existed or is over")
        return nil
    }
}
