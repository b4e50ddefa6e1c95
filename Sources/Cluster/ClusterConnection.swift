import ClusterWire
import Reactor

/// One TCP (or TLS) connection of the cluster link, from connect or accept to
/// close, owned by the link's loop.
///
/// It runs TLS, the authenticated handshake, then frames: data goes to the
/// link's handler, pings are answered, and it closes itself on a protocol
/// violation, a silent peer or an overfull send queue. Decisions that involve
/// other connections (which of two links to keep, redialing) belong to
/// `ClusterLink`; the connection asks and reports. Every method runs on the
/// loop thread.
final class ClusterConnection: EventHandler {
    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// Outbound: TCP connect in progress.
        case connecting
        /// TLS handshake in progress (before the cluster handshake).
        case tlsHandshake
        /// The cluster handshake (`ClusterHandshakeStateMachine`) runs.
        case handshaking
        /// Authenticated: frames flow.
        case established
        /// A `.close` frame or last bytes are going out; input is discarded
        /// until the peer hangs up or `closeTimeout` passes.
        case closing
        case closed
    }

    /// For logs: `#id` in every line about this connection.
    let id: UInt64
    /// Strong on purpose: the loop holds this handler until it closes, and
    /// the handler keeps its link alive that long (see `ClusterLink.stop()`).
    let link: ClusterLink
    /// Whether this node dialed (initiator) or accepted.
    let isInitiator: Bool
    /// The dial this connection serves (outbound only).
    let target: ClusterDialTarget?
    /// The remote `host:port`, for logs.
    let remote: String

    var transport: Transport
    var phase: Phase
    var handshake: ClusterHandshakeStateMachine
    var decoder: ClusterFrameDecoder
    /// The authenticated peer, once established.
    var peer: ClusterPeer?
    /// The link has been told this connection is over (exactly once).
    var retired = false
    /// Retired because another link to the same peer process replaced it:
    /// while closing it still delivers data frames, the ones the peer sent
    /// before it learned of the swap, until the peer hangs up.
    var drainsData = false

    var registration: Registration?
    var interest: Readiness = []
    /// Bytes not yet taken by the kernel, from `outboxSent` on.
    var outbox: [UInt8] = []
    var outboxSent = 0
    /// Inside a read pass: replies are collected and written once at its end.
    var corked = false
    var flushScheduled = false
    var readingPaused = false
    /// Our side is shut down for writing; waiting for the peer's EOF.
    var halfClosed = false

    var phaseStartedAt: MonotonicInstant
    var lastReceivedAt: MonotonicInstant
    var pingOutstanding = false
    var timer: TimerID?
    var timerDeadline: MonotonicInstant?

    init(
        link: ClusterLink, id: UInt64, transport: Transport, phase: Phase, target: ClusterDialTarget?, remote: String
    ) {
        self.link = link
        self.id = id
        self.transport = transport
        self.phase = phase
        self.target = target
        self.isInitiator = target != nil
        self.remote = remote
        let role: ClusterHandshakeStateMachine.Role = target.map { .initiator(expectedPeer: $0.address.name) } ?? .acceptor
        self.handshake = ClusterHandshakeStateMachine(
            role: role, identity: link.identity, keyring: link.configuration.keyring, crypto: link.crypto, ledger: link.ledger)
        // Until the peer is authenticated it can make us buffer a handshake message, no more.
        self.decoder = ClusterFrameDecoder(maxPayloadBytes: ClusterFrameLimits.handshakeMaxPayloadBytes)
        self.phaseStartedAt = link.loop.now
        self.lastReceivedAt = link.loop.now
    }

    var loop: EventLoop { link.loop }

    /// Bytes queued for the peer that the kernel has not taken yet.
    var queuedBytes: Int { outbox.count - outboxSent }

    /// Whether the connection carries data now.
    var isEstablished: Bool { phase == .established && !retired }

    /// Whether it is still opening (connect, TLS or handshake).
    var isOpening: Bool { phase == .connecting || phase == .tlsHandshake || phase == .handshaking }

    /// The node that dialed this connection, once known.
    var initiatorName: String? { isInitiator ? link.identity.nodeName : peer?.name }

    /// Who is at the other end, as far as known: the authenticated peer, the
    /// node the acceptor proved to be, or the name we dialed.
    var knownPeerName: String? {
        if let peer { return peer.name }
        if case .awaitingWelcome(let peer) = handshake.state { return peer.name }
        return target?.address.name
    }

    // MARK: Lifecycle

    /// Registers with the loop and starts the first phase.
    func start() throws(SystemError) {
        interest = phase == .connecting ? .writable : .readable
        registration = try loop.register(fd: transport.socket.fd, interest: interest, handler: self)
        armTimer()
        if phase == .handshaking { beginHandshake() }
    }

    func handleReadiness(_ readiness: Readiness) {
        switch phase {
        case .connecting:
            finishConnect()
        case .tlsHandshake:
            continueTLSHandshake()
        case .closed:
            return
        case .handshaking, .established, .closing:
            if readiness.contains(.writable) { flush() }
            guard phase != .closed else { return }
            // Hangups and errors are read even while paused: epoll reports
            // them whatever the interest, so ignoring them would spin.
            if (readiness.contains(.readable) && !readingPaused) || !readiness.isDisjoint(with: [.hangup, .error]) {
                readAvailable()
            }
        }
    }

    /// Ends an established link: tells the peer why (if `sending`), tells the
    /// link (`reason`), and closes once the last bytes are out.
    func closeLink(sending closeReason: ClusterCloseReason?, reason: ClusterDisconnectReason) {
        guard phase != .closed, phase != .closing else { return }
        if let closeReason { enqueue(ClusterFrameEncoder.frame(.close, payload: closeReason.payload)) }
        link.connectionRetired(self, reason: reason)
        closeAfterFlush()
    }

    /// Stops everything at once: one attempt to write what is queued, then close.
    func abortNow(reason: ClusterDisconnectReason) {
        guard phase != .closed else { return }
        if phase == .established || phase == .handshaking || phase == .closing { flushOnce() }
        link.connectionRetired(self, reason: reason)
        teardown()
    }

    /// Gives up an outbound dial still opening, because the peer's own dial
    /// to us won the tie-break.
    func abandonDial() {
        if phase == .handshaking {
            enqueue(ClusterFrameEncoder.frame(.close, payload: ClusterCloseReason.duplicateConnection.payload))
            link.connectionRetired(self, reason: .disconnected)
            closeAfterFlush()
        } else {
            abortNow(reason: .disconnected)
        }
    }

    /// Starts the closing phase: flush, half-close, wait for the peer to hang up.
    func closeAfterFlush() {
        guard phase != .closing, phase != .closed else { return }
        phase = .closing
        phaseStartedAt = loop.now
        readingPaused = false
        armTimer()
        flush()
    }

    /// Everything queued is out: shut our side so the peer reads EOF after
    /// our last frame, and keep reading until it closes. Closing with unread
    /// input would make the kernel send a reset, which can destroy our
    /// `.close` frame before the peer reads it.
    func finishClosing() {
        guard !halfClosed, phase == .closing else { return }
        halfClosed = true
        if case .tls(_, let session) = transport { _ = session.shutdown() }
        transport.socket.shutdownWrite()
    }

    /// Closes the socket and leaves the link, exactly once.
    func teardown() {
        guard phase != .closed else { return }
        if !retired { link.connectionRetired(self, reason: .connectionLost) }
        phase = .closed
        if let timer { loop.cancel(timer) }
        timer = nil
        timerDeadline = nil
        if let registration { loop.deregister(registration) }
        registration = nil
        transport.close()
        outbox = []
        outboxSent = 0
        link.connectionClosed(self)
    }

    func updateInterest() {
        guard let registration, phase != .closed, phase != .connecting, phase != .tlsHandshake else { return }
        var wanted: Readiness = []
        if !readingPaused { wanted.insert(.readable) }
        if queuedBytes > 0 { wanted.insert(.writable) }
        setInterest(wanted, registration)
    }

    func setInterest(_ wanted: Readiness, _ registration: Registration) {
        guard wanted != interest else { return }
        interest = wanted
        loop.setInterest(registration, wanted)
    }
}
