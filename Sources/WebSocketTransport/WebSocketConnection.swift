import HTTP
import Reactor
import WebSocket

/// One WebSocket connection, server or client side, owned by one event loop.
///
/// It runs the whole life of the socket: TLS, the HTTP handshake, frames,
/// pings, the closing handshake and timeouts. Every method must be called on
/// its loop's thread (`loop.inLoop`); another thread hands work over with
/// `loop.execute`.
public final class WebSocketConnection: EventHandler {
    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// Client: TCP connect in progress.
        case connecting
        case tlsHandshake
        /// Server: reading the HTTP request head.
        case awaitingRequest
        /// Client: request sent, reading the response head.
        case awaitingResponse
        /// Messages flow (until a close frame is sent or received).
        case open
        /// Nothing more is sent or read: a server flushes its last bytes (and,
        /// when lingering, drains the peer's input after a half-close); a
        /// client waits for the server to close TCP.
        case finishing
        case closed
    }

    /// The loop that owns this connection.
    public var loop: EventLoop { context.loop }
    public let role: WebSocketRole
    /// The remote end (asked of the kernel: a connection stores no address,
    /// which would be 128 bytes of sockaddr_storage per idle connection).
    public var remoteAddress: SocketAddress? { phase == .closed ? nil : transport.socket.peerAddress() }
    /// The subprotocol agreed in the handshake, if any.
    public internal(set) var subprotocol: String?
    /// The request path of the handshake (server side).
    public internal(set) var requestPath: String = "/"
    /// Whatever the application wants to keep with the connection (its session).
    public var userData: AnyObject?

    let context: ConnectionContext
    var transport: Transport
    var registration: Registration?
    var phase: Phase
    // Hot-path state touched per read and per send. Exclusivity is checked
    // statically instead of at run time: only this connection's own methods,
    // on its loop thread, ever access these, never re-entrantly.
    @exclusivity(unchecked) var reader: MessageReader
    var closing: CloseStateMachine
    var deflate: PerMessageDeflateContext?

    /// Parsers and the client's handshake, alive only until the WebSocket
    /// opens (a few hundred bytes an open connection does not keep).
    var handshake: HandshakeState?

    /// Bytes the kernel did not take yet, from `outboxSent` on.
    @exclusivity(unchecked) var outbox: [UInt8] = []
    var outboxSent = 0
    /// While true (during a read handler) sends are staged in the loop's
    /// corked buffer and written once when the handler finishes.
    var corked = false
    /// A protocol error was read; later input is discarded.
    var inputBroken = false
    /// When finishing: half-close and drain instead of closing at once.
    var lingerAfterFlush = false
    var readingPaused = false
    var interest: Readiness = []
    var opened = false

    var phaseStartedAt: MonotonicInstant
    var lastReceivedAt: MonotonicInstant
    var pingOutstanding = false
    var timer: TimerID?
    var timerDeadline: MonotonicInstant?

    init(context: ConnectionContext, role: WebSocketRole, transport: Transport, phase: Phase) {
        self.context = context
        self.role = role
        self.transport = transport
        self.phase = phase
        let configuration = context.configuration
        self.reader = MessageReader(
            role: role, maxFrameBytes: configuration.maxFrameBytes, maxMessageBytes: configuration.maxMessageBytes)
        self.closing = CloseStateMachine(role: role)
        self.phaseStartedAt = context.loop.now
        self.lastReceivedAt = context.loop.now
    }

    /// Whether messages can be sent now.
    public var isOpen: Bool { phase == .open && closing.canSendData }

    /// Bytes queued for this connection that the kernel has not taken yet.
    public var queuedBytes: Int { outbox.count - outboxSent }

    // MARK: Public API

    /// Sends one message. Returns false when the connection is not open (or
    /// was just dropped as a slow consumer); the message is then discarded.
    @discardableResult
    public func send(_ payload: UnsafeRawBufferPointer, opcode: Opcode = .binary) -> Bool {
        precondition(opcode == .text || opcode == .binary, "send carries data messages; use close() to close")
        guard isOpen else { return false }
        enqueueMessage(opcode, payload)
        return phase != .closed
    }

    @discardableResult
    public func send(text: String) -> Bool {
        var text = text
        return text.withUTF8 { send(UnsafeRawBufferPointer($0), opcode: .text) }
    }

    @discardableResult
    public func send(bytes: [UInt8], opcode: Opcode = .binary) -> Bool {
        bytes.withUnsafeBytes { send($0, opcode: opcode) }
    }

    /// Starts the closing handshake; `connectionClosed` follows once it ends.
    public func close(_ code: CloseCode = .normal, reason: String = "") {
        switch phase {
        case .open: perform(closing.close(code, reason: reason))
        case .closed, .finishing: break
        default: teardown()
        }
    }

    /// Drops the connection at once with a TCP reset, without a closing
    /// handshake (for abuse; the handler still hears `connectionClosed`).
    public func abort() {
        if phase != .closed { transport.socket.setAbortOnClose() }
        teardown()
    }

    // MARK: Lifecycle

    /// Registers with the loop and starts the first phase's I/O.
    func start(initialInterest: Readiness) throws(SystemError) {
        interest = initialInterest
        registration = try loop.register(fd: transport.socket.fd, interest: initialInterest, handler: self)
        armTimer()
    }

    public func handleReadiness(_ readiness: Readiness) {
        switch phase {
        case .connecting:
            finishConnect()
        case .tlsHandshake:
            continueTLSHandshake()
        case .closed:
            return
        default:
            if readiness.contains(.writable) { flushOutbox() }
            guard phase != .closed else { return }
            // A hangup or error is read even while reading is paused: epoll
            // reports them whatever the interest, so ignoring them would spin.
            // The read drains what is left and then sees end-of-file.
            if (readiness.contains(.readable) && !readingPaused) || !readiness.isDisjoint(with: [.hangup, .error]) {
                readAvailable()
            }
        }
    }

    /// Closes the socket and tells the application, exactly once.
    func teardown() {
        guard phase != .closed else { return }
        let wasOpen = opened
        let failedPhase = phase
        phase = .closed
        if corked {
            // Torn down inside a read pass: its staged replies go nowhere.
            corked = false
            LoopBuffers.reset(&context.buffers.corked)
        }
        if let timer { loop.cancel(timer) }
        timer = nil
        timerDeadline = nil
        if let registration { loop.deregister(registration) }
        registration = nil
        transport.close()
        outbox = []
        outboxSent = 0
        handshake = nil
        let code = closing.transportClosed()
        if wasOpen {
            context.handler.connectionClosed(self, code: code)
        } else if role == .client {
            let error: WebSocketConnectionError = failedPhase == .connecting ? .connect("closed") : .closedDuringHandshake
            context.handler.connectionFailed(self, error: pendingFailure ?? error)
        }
    }

    /// The error to report if a client connection ends before opening.
    var pendingFailure: WebSocketConnectionError?

    func fail(_ error: WebSocketConnectionError) {
        pendingFailure = error
        teardown()
    }

    /// Carries out what the closing handshake asks for.
    func perform(_ action: CloseStateMachine.Action) {
        switch action {
        case .none:
            return
        case .sendClose(let code, let reason):
            enqueueControl(.close, code: code, reason: reason)
            phaseStartedAt = loop.now
            armTimer()
        case .replyAndFinish(let code):
            enqueueControl(.close, code: code, reason: "")
            finish(lingering: false)
        case .failAndFinish(let code, let reason):
            // The peer may still be sending: linger so our close frame is
            // not destroyed by the reset that closing over unread input causes.
            enqueueControl(.close, code: code, reason: reason)
            finish(lingering: true)
        case .finish:
            finish(lingering: false)
        case .disconnect:
            teardown()
        }
    }

    /// Ends the connection after its last bytes. The server closes TCP first
    /// (RFC 6455 §7.1.1), once everything queued is written. With `lingering`
    /// it half-closes instead and reads and drops the peer's input until the
    /// peer closes or the close timeout passes: closing a socket that still
    /// has unread input makes the kernel send a reset, and the reset can make
    /// the peer's kernel drop our last frame or HTTP response before the peer
    /// reads it. A client waits for the server to close TCP.
    func finish(lingering: Bool) {
        guard phase != .closed else { return }
        if corked { flushCorked() }
        guard phase != .closed else { return }
        phase = .finishing
        phaseStartedAt = loop.now
        lingerAfterFlush = lingering
        if role == .server, queuedBytes == 0 { lastBytesFlushed() }
        if phase != .closed { armTimer() }
    }

    /// A finishing server's queue is empty.
    func lastBytesFlushed() {
        if lingerAfterFlush {
            transport.socket.shutdownWrite()
        } else {
            teardown()
        }
    }

    func updateInterest() {
        guard let registration, phase != .closed else { return }
        var wanted: Readiness = []
        if !readingPaused { wanted.insert(.readable) }
        if queuedBytes > 0 || phase == .connecting { wanted.insert(.writable) }
        if wanted != interest {
            interest = wanted
            loop.setInterest(registration, wanted)
        }
    }
}

/// What a connection needs only while its opening handshake runs.
final class HandshakeState {
    var requestParser: HTTPRequestParser?
    var responseParser: HTTPResponseParser?
    /// Client side: the request sent and the checks for the response.
    var client: ClientHandshake?

    init(client: ClientHandshake? = nil) { self.client = client }
}
