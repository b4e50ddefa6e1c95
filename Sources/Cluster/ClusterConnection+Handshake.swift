import ClusterWire
import Reactor

extension ClusterConnection {
    /// Outbound: the TCP connect finished, one way or the other.
    func finishConnect() {
        if let error = transport.socket.finishConnect() {
            link.counters.connectFailures += 1
            link.configuration.log(.connectFailed(target: target?.address.description ?? remote, error: error.description))
            teardown()
            return
        }
        if case .tls = transport {
            phase = .tlsHandshake
            continueTLSHandshake()
        } else {
            beginHandshake()
        }
    }

    /// Drives TLS; the cluster handshake starts once it is done.
    func continueTLSHandshake() {
        guard case .tls(_, let session) = transport, let registration else { preconditionFailure("TLS phase without a TLS session") }
        switch session.handshake() {
        case .done:
            beginHandshake()
        case .wantRead:
            setInterest(.readable, registration)
        case .wantWrite:
            setInterest(.writable, registration)
        case .failed(let error):
            link.counters.tlsHandshakeFailures += 1
            link.configuration.log(.tlsFailed(connection: id, remote: remote, error: error.description))
            teardown()
        }
    }

    /// The byte stream is ready: start the cluster handshake.
    func beginHandshake() {
        phase = .handshaking
        updateInterest()
        perform(handshake.start())
    }

    /// Carries out what the handshake asks for.
    func perform(_ action: ClusterHandshakeAction) {
        switch action {
        case .wait:
            return
        case .send(let bytes):
            enqueue(bytes)
        case .decide(let peer):
            if let refusal = link.admission(for: self, peer: peer) {
                perform(handshake.refuse(refusal))
            } else {
                perform(handshake.accept())
            }
        case .established(let peer, let welcome):
            enqueue(welcome)
            if isInitiator, let refusal = link.admission(for: self, peer: peer) {
                // The acceptor welcomed a link the tie-break gives up on this side.
                link.handshakeFailed(self, .refusedLocally(refusal))
                enqueue(ClusterFrameEncoder.frame(.close, payload: refusal.payload))
                link.connectionRetired(self, reason: .disconnected)
                closeAfterFlush()
                return
            }
            establish(peer)
        case .fail(let error, let closeFrame):
            link.handshakeFailed(self, error)
            link.connectionRetired(self, reason: .connectionLost)
            enqueue(closeFrame)
            closeAfterFlush()
        }
    }

    /// The peer is authenticated and this link is the one kept.
    private func establish(_ peer: ClusterPeer) {
        self.peer = peer
        phase = .established
        decoder.maxPayloadBytes = link.configuration.maxPayloadBytes
        lastReceivedAt = loop.now
        pingOutstanding = false
        armTimer()
        link.activate(self, peer: peer)
    }
}
