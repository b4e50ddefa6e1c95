import ClusterWire
import Reactor

// Which connection carries each peer's traffic: admission (one link per
// node pair), activation, retirement, and what the handler hears.
extension ClusterLink {
    /// Whether an authenticated `connection` from or to `peer` may become its
    /// link; the reason to refuse it otherwise. Asked by an acceptor before it
    /// welcomes, and by an initiator once welcomed.
    func admission(for connection: ClusterConnection, peer: ClusterPeer) -> ClusterCloseReason? {
        if stopped { return .shuttingDown }
        let local = identity.nodeName
        let candidateInitiator = connection.isInitiator ? local : peer.name
        if let existing = active[peer.name], existing !== connection, let existingPeer = existing.peer,
            existingPeer.instanceID == peer.instanceID, let existingInitiator = existing.initiatorName,
            !ClusterTieBreak.keepsCandidate(
                candidateInitiator: candidateInitiator, existingInitiator: existingInitiator, localName: local, peerName: peer.name)
        {
            return .duplicateConnection
        }
        guard !connection.isInitiator else { return nil }
        // Both nodes dialed at once: settle it before any data flows, with the
        // same rule the peer applies to our dial.
        let pendingDials = connections.values.filter {
            $0 !== connection && $0.isInitiator && $0.isOpening && $0.knownPeerName == peer.name
        }
        for pending in pendingDials {
            if !ClusterTieBreak.keepsCandidate(
                candidateInitiator: candidateInitiator, existingInitiator: local, localName: local, peerName: peer.name)
            {
                return .duplicateConnection
            }
            counters.duplicateLinksClosed += 1
            pending.abandonDial()
        }
        return nil
    }

    /// `connection` is the link to `peer` from now on.
    func activate(_ connection: ClusterConnection, peer: ClusterPeer) {
        // A link that replaces another to the same process (a simultaneous dial
        // settled late) is announced again all the same: sends made while
        // neither link carried data went nowhere, and a new `peerConnected` is
        // what makes the layers above resend their state (no disconnection is
        // reported in between: the peer never went away).
        if let swap = swaps.removeValue(forKey: peer.name), swap.peer.instanceID != peer.instanceID {
            reportDisconnected(swap.peer, reason: swap.reason, connection: connection.id)
        }
        if let existing = active[peer.name], existing !== connection {
            if let oldPeer = existing.peer, oldPeer.instanceID != peer.instanceID {
                // The peer restarted: its old link is dead even if TCP has not
                // noticed yet. The new link takes over first, so closing the
                // old one neither reports nor redials by itself.
                counters.linksReplaced += 1
                active[peer.name] = connection
                existing.closeLink(sending: .replaced, reason: .replaced)
                reportDisconnected(oldPeer, reason: .replaced, connection: existing.id)
            } else {
                // Same process, second link (a simultaneous dial settled late):
                // the peer stays connected. The old link still delivers the
                // data frames the peer sent on it before it reads our `.close`
                // (it drains), so nothing sent on it is lost.
                counters.duplicateLinksClosed += 1
                active[peer.name] = nil
                existing.retired = true
                existing.drainsData = true
                if let target = existing.target, target.connection === existing { target.connection = nil }
                existing.enqueue(ClusterFrameEncoder.frame(.close, payload: ClusterCloseReason.duplicateConnection.payload))
                existing.closeAfterFlush()
            }
        }
        active[peer.name] = connection
        if let target = connection.target {
            target.attempt = 0
            target.learnedName = peer.name
        }
        counters.handshakesCompleted += 1
        configuration.log(.peerConnected(
            connection: connection.id, peer: peer, initiated: connection.isInitiator, tls: configuration.tls != nil))
        handler?.peerConnected(peer)
    }

    /// `connection` no longer carries traffic (it may still be flushing or
    /// lingering). Reports the peer's disconnection if it was its link, and
    /// arranges a redial. With `deferNotification` the handler hears it once
    /// the current call has returned.
    func connectionRetired(_ connection: ClusterConnection, reason: ClusterDisconnectReason, deferNotification: Bool = false) {
        guard !connection.retired else { return }
        connection.retired = true
        if let target = connection.target, target.connection === connection { target.connection = nil }
        var lostPeer: ClusterPeer?
        if let peer = connection.peer, active[peer.name] === connection {
            active[peer.name] = nil
            lostPeer = peer
            if reason == .closedByPeer(.duplicateConnection), isOpeningLink(to: peer.name) {
                // The peer kept our other link to it, still finishing its
                // handshake here: a swap, reported when that one fails.
                swaps[peer.name] = (peer, reason)
                return
            }
        } else if let name = connection.knownPeerName, let swap = swaps[name], !isOpeningLink(to: name) {
            // The replacement of a swapped link failed: the peer is gone after all.
            swaps[name] = nil
            lostPeer = swap.peer
        }
        let finish = { [self] in
            if let lostPeer { reportDisconnected(lostPeer, reason: reason, connection: connection.id) }
            redial(after: connection, lostPeer: lostPeer)
        }
        if deferNotification {
            loop.schedule(at: loop.now, finish)
        } else {
            finish()
        }
    }

    private func reportDisconnected(_ peer: ClusterPeer, reason: ClusterDisconnectReason, connection: UInt64) {
        configuration.log(.peerDisconnected(connection: connection, peer: peer, reason: reason))
        handler?.peerDisconnected(peer, reason: reason)
    }

    /// Whether a connection to `peerName` is still opening (and not given up).
    private func isOpeningLink(to peerName: String) -> Bool {
        connections.values.contains { !$0.retired && $0.isOpening && $0.knownPeerName == peerName }
    }

    /// `connection` has closed its socket.
    func connectionClosed(_ connection: ClusterConnection) {
        connections[connection.id] = nil
    }

    /// Counts and logs a handshake that did not bring a link up.
    func handshakeFailed(_ connection: ClusterConnection, _ error: ClusterHandshakeError) {
        counters.count(error)
        switch error {
        case .connectedToSelf:
            // Our own dial reached our listener; its initiator side will hear
            // `.sameNodeName` next and stop dialing that address.
            selfDialsRefused += 1
        case .refusedByPeer(.sameNodeName) where selfDialsRefused > 0:
            selfDialsRefused -= 1
            if let target = connection.target { forget(target) }
        default:
            break
        }
        configuration.log(.handshakeFailed(connection: connection.id, remote: connection.remote, peer: connection.knownPeerName, error: error))
    }

    /// Hands a data frame to the handler.
    func deliver(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, from connection: ClusterConnection) {
        guard let peer = connection.peer else { preconditionFailure("data on a connection without a peer") }
        handler?.received(payload, channel: channel, from: peer)
    }
}
