import Identity
import Protocol
import Reactor
import WebSocket
import WebSocketTransport

/// One client connection on its shard: the limits that apply before a message is even read, the
/// `hello` that opens (or resumes) a session, and the hand-off of every later message to that
/// session, which may live on another shard after a resume.
final class ClientLink {
    /// Where the connection is in its life.
    enum Phase {
        /// Waiting for `hello` (at most `helloTimeout`).
        case awaitingHello
        /// `hello` was read; the session is being opened or resumed (maybe on another shard).
        case opening
        /// Attached to a session; messages go there.
        case attached(SessionAddress)
        /// Closed or closing; nothing more is read.
        case closed
    }

    let id: Int
    let connection: WebSocketConnection
    let ip: String
    /// The shard that owns this object. `unowned(unsafe)`: a shard lives as long as its server
    /// and owns everything that points back to it, and a checked `unowned` costs an atomic
    /// retain on every access (9 % of the CPU at 500 Cycles games, LoadTests/README.md).
    unowned(unsafe) let shard: Shard
    private(set) var phase = Phase.awaitingHello
    private var helloTimer: TimerID?
    private var messageRate: TokenBucket
    private var byteRate: TokenBucket
    private var formatErrors: ViolationWindow
    private var rateDrops: ViolationWindow
    /// When the last `rate_limited` error went out (at most one per second).
    private var lastRateErrorAt: Int64?
    /// Messages read while the session was being opened, replayed into it once attached.
    private var early: [(cid: Int?, message: ClientMessage)] = []
    /// The session this connection was attached to, kept after a close to tell it.
    private var attachedSession: SessionAddress?

    init(id: Int, connection: WebSocketConnection, ip: String, shard: Shard) {
        self.id = id
        self.connection = connection
        self.ip = ip
        self.shard = shard
        let configuration = shard.node.configuration
        let limits = configuration.limits
        let now = shard.loop.now.nanoseconds
        messageRate = TokenBucket(ratePerSecond: limits.messagesPerSecond, burst: limits.messageBurst, nowNanoseconds: now)
        byteRate = TokenBucket(
            ratePerSecond: limits.bytesPerSecond, burst: 4 * limits.maxMessageBytes, nowNanoseconds: now)
        let window = configuration.abuseWindow.nanoseconds
        formatErrors = ViolationWindow(limit: configuration.maxFormatErrors, windowNanoseconds: window)
        rateDrops = ViolationWindow(limit: configuration.maxRateLimitedMessages, windowNanoseconds: window)
    }

    var address: LinkAddress { LinkAddress(node: shard.node.nodeName, shard: shard.index, id: id) }

    /// The connection opened: the `hello` clock starts.
    func start() {
        // Timers reach objects by id, never by weak reference: a weakly referenced object gets a
        // side table, and every retain of it then takes Swift's slow path.
        helloTimer = shard.loop.schedule(after: shard.node.configuration.helloTimeout) { [shard, id] in
            shard.links[id]?.helloTimedOut()
        }
    }

    private func helloTimedOut() {
        guard case .awaitingHello = phase else { return }
        shard.node.metrics.count(.helloRequired)
        refuse(ProtocolError(code: .helloRequired, message: "send hello first, within 10 s"), close: CloseCodes.helloRequired)
    }

    /// One complete message from the client.
    func received(_ payload: UnsafeRawBufferPointer, opcode: Opcode) {
        if case .closed = phase { return }
        let metrics = shard.node.metrics
        guard opcode == .text else {
            metrics.count(.binary)
            close(CloseCodes.unsupportedData, "roost.v1 speaks JSON text frames")
            return
        }
        // Rates first, before parsing, so a flood costs the server little (spec §7).
        let now = shard.loop.now.nanoseconds
        guard messageRate.take(nowNanoseconds: now) else { return dropForRate(.messageRate, now: now) }
        guard byteRate.take(payload.count, nowNanoseconds: now) else { return dropForRate(.byteRate, now: now) }
        metrics.messagesIn.add(1)
        switch ClientMessage.decode(payload, limits: shard.node.limits) {
        case .success(let (cid, message)): dispatch(cid: cid, message)
        case .failure(let error): refuseMalformed(error, now: now)
        }
    }

    private func dispatch(cid: Int?, _ message: ClientMessage) {
        switch phase {
        case .awaitingHello:
            guard case .hello(let hello) = message else {
                shard.node.metrics.count(.helloRequired)
                refuse(
                    ProtocolError(code: .helloRequired, message: "the first message must be hello", cid: cid),
                    close: CloseCodes.helloRequired)
                return
            }
            if let helloTimer { shard.loop.cancel(helloTimer) }
            openSession(cid: cid, hello)
        case .opening:
            // Bounded by the message rate's burst: at most a few dozen before the session opens.
            early.append((cid, message))
        case .attached(let session):
            forward(cid: cid, message, to: session)
        case .closed:
            break
        }
    }

    private func forward(cid: Int?, _ message: ClientMessage, to session: SessionAddress) {
        shard.send(.request(session: session.id, link: address, cid: cid, message: message), to: session.place)
    }

    // MARK: Opening a session

    private func openSession(cid: Int?, _ hello: ClientMessage.Hello) {
        let node = shard.node
        var player: PlayerIdentity?
        if let token = hello.token {
            switch node.signer.verify(token, now: NodeContext.wallClockMilliseconds() / 1000) {
            case .success(let identity): player = identity
            case .failure(let error):
                node.metrics.count(.invalidToken)
                refuse(
                    ProtocolError(code: .invalidToken, message: "\(error); log in again without the token", cid: cid),
                    close: CloseCodes.invalidToken)
                return
            }
        }
        let capabilities = hello.capabilities.filter { Session.supportedCapabilities.contains($0) }
        let request = SessionRequest(
            link: address, cid: cid, player: player, capabilities: capabilities, client: hello.client)
        phase = .opening
        guard let resume = hello.resume else {
            shard.openSession(request, resume: nil)
            return
        }
        guard player != nil else {
            shard.openSession(request, resume: .refused(reason: "wrong_player"))
            return
        }
        guard let home = shard.place(ofSession: resume.session) else {
            shard.openSession(request, resume: .refused(reason: "unknown_session"))
            return
        }
        shard.send(.resume(session: resume.session, lastSeq: resume.lastSeq, request: request), to: home)
    }

    /// The session at `session` now owns this connection.
    func attach(to session: SessionAddress) {
        guard case .opening = phase else { return }
        phase = .attached(session)
        attachedSession = session
        let queued = early
        early = []
        for (cid, message) in queued { forward(cid: cid, message, to: session) }
    }

    /// The session moved to another connection (a resume elsewhere): close with 4003.
    func replaced() {
        phase = .closed
        connection.close(CloseCode(CloseCodes.sessionReplaced), reason: "session resumed on another connection")
    }

    // MARK: Sending

    /// Sends one encoded message as a text frame.
    func send(_ bytes: UnsafeRawBufferPointer) {
        if case .closed = phase { return }
        shard.node.metrics.messagesOut.add(1)
        connection.send(bytes, opcode: .text)
    }

    /// Sends an unsequenced message straight to this connection (before a session exists).
    func sendUnsequenced(_ message: ServerMessage) {
        message.encode(seq: nil, into: &shard.writer)
        shard.writer.withUnsafeBytes { send($0) }
        shard.writer.removeAll()
    }

    // MARK: Refusals

    private func dropForRate(_ drop: ServerMetrics.Drop, now: Int64) {
        shard.node.metrics.count(drop)
        if rateDrops.record(nowNanoseconds: now) {
            return abuse("kept sending over the rate limits")
        }
        if let last = lastRateErrorAt, now - last < 1_000_000_000 { return }
        lastRateErrorAt = now
        let limits = shard.node.limits
        let what = drop == .byteRate ? "\(limits.bytesPerSecond) bytes" : "\(limits.messagesPerSecond) messages"
        report(ProtocolError(code: .rateLimited, message: "over \(what) per second; the message was dropped"))
    }

    private func refuseMalformed(_ error: ProtocolError, now: Int64) {
        let metrics = shard.node.metrics
        switch error.code {
        case .messageTooBig:
            metrics.count(.tooBig)
            refuse(error, close: CloseCodes.messageTooBig)
            return
        case .versionMismatch:
            metrics.count(.versionMismatch)
            refuse(error, close: CloseCodes.unsupportedVersion)
            return
        case .badJSON: metrics.count(.badJSON)
        case .badField: metrics.count(.badField)
        case .unknownType: metrics.count(.unknownType)
        default: break
        }
        if case .awaitingHello = phase {
            // A first message that is not a readable hello ends the connection (spec §3).
            metrics.count(.helloRequired)
            refuse(error, close: CloseCodes.helloRequired)
            return
        }
        let isFormatError = error.code == .badJSON || error.code == .badField || error.code == .unknownType
        if isFormatError && formatErrors.record(nowNanoseconds: now) {
            return abuse("too many malformed messages")
        }
        report(error)
    }

    /// Sends `error`: sequenced through the session once there is one, else straight out.
    private func report(_ error: ProtocolError) {
        switch phase {
        case .attached(let session):
            shard.deliver(.single(.error(error)), to: session)
        case .awaitingHello, .opening:
            sendUnsequenced(.error(error))
        case .closed:
            break
        }
    }

    private func abuse(_ why: String) {
        shard.node.metrics.count(.abuseClose)
        close(CloseCodes.abuse, why)
    }

    /// Sends `error` (unsequenced unless a session exists) and closes with `code`.
    private func refuse(_ error: ProtocolError, close code: UInt16) {
        report(error)
        close(code, error.message)
    }

    private func close(_ code: UInt16, _ reason: String) {
        phase = .closed
        // A close reason must fit a control frame (123 bytes after the code).
        connection.close(CloseCode(code), reason: String(reason.utf8.prefix(120)) ?? "")
    }

    /// The connection is gone: its session (if any) starts its resume grace period.
    func closed() {
        if let helloTimer { shard.loop.cancel(helloTimer) }
        phase = .closed
        guard let session = attachedSession else { return }
        shard.send(.connectionLost(session: session.id, link: address), to: session.place)
    }
}

/// What a `hello` asks for, carried to the shard that opens or resumes the session.
struct SessionRequest: Sendable {
    let link: LinkAddress
    let cid: Int?
    let player: PlayerIdentity?
    let capabilities: [Capability]
    let client: ClientMessage.ClientInfo
}
