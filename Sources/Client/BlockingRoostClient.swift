import Protocol
import Reactor
import WebSocketTransport

/// A `roost.v1` client whose calls block the caller until the server answers or a timeout
/// passes: for tests, bots and scripts.
///
/// The connection runs on an event loop (its own, or one given) and hands every event to the
/// calling thread through a buffer, so nothing is lost between calls: `next` takes events in
/// order, `request` and `waitFor` take the one they want and leave the rest for `next`. It tracks
/// the session like any client (`token`, `session`, `lastSeq`, set from what it sends and
/// receives) but takes no action by itself: no reconnect, no rejoin. Everything it receives is
/// kept, duplicates and gaps in `seq` included; those are also listed in `seqAnomalies`.
///
/// ```swift
/// let ada = try BlockingRoostClient("ws://127.0.0.1:8080/ws")
/// try ada.hello()
/// try ada.login(name: "Ada")
/// let joined = try ada.request(.gameCreate(.init(kind: "connect4")))
/// ```
public final class BlockingRoostClient: Sendable {
    /// A `seq` that broke the session's order.
    public enum SeqAnomaly: Hashable, Sendable {
        /// Messages were skipped: `expected` came as `received`.
        case gap(expected: Int, received: Int)
        /// A message at or below the last `seq` already received.
        case duplicate(seq: Int)
    }

    /// What the loop hands to the calling thread.
    struct Inbox {
        var opened = false
        var failure: String?
        var events: [ClientEvent] = []
        var closed: ConnectionClose?
        var session: SessionStateMachine
        var anomalies: [SeqAnomaly] = []
        var nextCid = 1

        mutating func take(_ event: ClientEvent) {
            switch event {
            case .message(let message):
                switch session.received(message) {
                case .duplicate: anomalies.append(.duplicate(seq: message.seq ?? 0))
                case .deliverAfterGap(let expected, let received): anomalies.append(.gap(expected: expected, received: received))
                case .deliver, .sessionStarted: break
                }
            case .closed(let close):
                closed = close
            case .undecodable:
                break
            }
            events.append(event)
        }
    }

    /// The server's URL.
    public let url: WebSocketURL
    /// The loop the connection runs on.
    public let loop: EventLoop
    /// How the connection was opened (reused by `reconnect`).
    public let options: ConnectionOptions
    /// `hello.client` of the convenience `hello`.
    public let client: ClientMessage.ClientInfo

    let inbox: BlockingMonitor<Inbox>
    private let shell: LoopBound<ProtocolConnection?>
    private let ownedGroup: EventLoopGroup?

    /// Connects to `url` and waits until the WebSocket is open (nothing is sent yet: call
    /// `hello`). Runs on `loop`, or on a loop of its own when `nil`; never call it from `loop`'s
    /// own thread, which it would block.
    public init(
        url: WebSocketURL, on loop: EventLoop? = nil, options: ConnectionOptions = ConnectionOptions(),
        client: ClientMessage.ClientInfo = ClientIdentity.info(name: "roost-blocking-client"),
        timeout: Duration = .seconds(10)
    ) throws(RoostClientError) {
        if let loop {
            precondition(!loop.inLoop, "a blocking client must not wait on its own loop's thread")
            self.loop = loop
            ownedGroup = nil
        } else {
            do {
                let group = try EventLoopGroup(loopCount: 1, name: "roost-client")
                ownedGroup = group
                self.loop = group.loops[0]
            } catch {
                throw .connectFailed("could not start an event loop: \(error)")
            }
        }
        self.url = url
        self.options = options
        self.client = client
        inbox = BlockingMonitor(Inbox(session: SessionStateMachine(client: client)))
        shell = LoopBound(nil)
        startConnecting()
        let outcome = inbox.wait(timeout: timeout) { state -> Result<Void, RoostClientError>? in
            if state.opened { return .success(()) }
            if let failure = state.failure { return .failure(.connectFailed(failure)) }
            return nil
        }
        switch outcome {
        case .success?: return
        case .failure(let error)?: throw error
        case nil: throw .timedOut(waitingFor: "the WebSocket to \(url) to open")
        }
    }

    /// Connects to the server at `address` (`ws://host:port/ws`; see `RoostURL` for shorthands).
    public convenience init(
        _ address: String, on loop: EventLoop? = nil, options: ConnectionOptions = ConnectionOptions(),
        client: ClientMessage.ClientInfo = ClientIdentity.info(name: "roost-blocking-client"),
        timeout: Duration = .seconds(10)
    ) throws(RoostClientError) {
        switch RoostURL.parse(address) {
        case .success(let url): try self.init(url: url, on: loop, options: options, client: client, timeout: timeout)
        case .failure(let error): throw .invalidURL(error.description)
        }
    }

    deinit {
        let shell = self.shell
        loop.execute {
            shell.value?.abort()
            shell.value = nil
        }
        ownedGroup?.shutdown()
    }

    /// The loop given at creation, `nil` when the client runs its own.
    var sharedLoop: EventLoop? { ownedGroup == nil ? loop : nil }

    private func startConnecting() {
        let (inbox, shell, loop, url, options) = (self.inbox, self.shell, self.loop, self.url, self.options)
        loop.execute {
            let callbacks = ProtocolConnection.Callbacks(
                opened: { inbox.update { $0.opened = true } },
                event: { event in inbox.update { $0.take(event) } },
                failed: { why in inbox.update { $0.failure = why } })
            do throws(RoostClientError) {
                shell.value = try ProtocolConnection.open(to: url, options: options, on: loop, callbacks: callbacks)
            } catch {
                inbox.update { $0.failure = error.reason }
            }
        }
    }

    // MARK: Sending

    /// Sends `message` with `cid` (none when `nil`). Returns at once; a message sent after the
    /// connection closed is dropped.
    public func send(_ message: ClientMessage, cid: Int? = nil) {
        inbox.update { $0.session.willSend(message) }
        let bytes = message.encode(cid: cid)
        let shell = self.shell
        loop.execute { shell.value?.send(bytes: bytes) }
    }

    /// Sends `text` as it is, in one text message (for malformed input and future message types).
    public func sendRaw(_ text: String) {
        let shell = self.shell
        loop.execute { shell.value?.send(text: text) }
    }

    /// The next correlation id of this client (1, 2, 3, ...); `request` takes its cids here too.
    public func nextCid() -> Int {
        inbox.update { state in
            defer { state.nextCid += 1 }
            return state.nextCid
        }
    }

    // MARK: Receiving

    /// The next event, or `nil` when none came within `timeout`. After `.closed`, `nil` at once.
    public func next(timeout: Duration = .seconds(5)) -> ClientEvent? {
        inbox.wait(timeout: timeout) { state in
            if !state.events.isEmpty { return .some(state.events.removeFirst()) }
            return state.closed == nil ? nil : .some(nil)
        } ?? nil
    }

    /// The events received and not taken yet, taken now (without waiting).
    public func drain() -> [ClientEvent] {
        inbox.update { state in
            defer { state.events.removeAll() }
            return state.events
        }
    }

    // MARK: Closing

    /// Closes with `code` (1000 by default) and waits until the connection is gone; returns how
    /// it ended, or `nil` if it did not end within `timeout`.
    @discardableResult
    public func close(code: UInt16 = CloseCodes.normal, reason: String = "", timeout: Duration = .seconds(5))
        -> ConnectionClose?
    {
        let shell = self.shell
        loop.execute { shell.value?.close(code: code, reason: reason) }
        return inbox.wait(timeout: timeout) { $0.closed }
    }

    /// Drops the connection without a close frame, as a network failure would (the server then
    /// holds the session for a resume), and waits until it is gone.
    public func drop(timeout: Duration = .seconds(5)) {
        let shell = self.shell
        loop.execute { shell.value?.abort() }
        _ = inbox.wait(timeout: timeout) { $0.closed }
    }

    // MARK: Session

    /// The highest `seq` received on the current session (0 before any).
    public var lastSeq: Int { inbox.read { $0.session.lastSeq } }
    /// The session id of the last `welcome` (or of the resume this client asked for).
    public var session: String? { inbox.read { $0.session.session } }
    /// The token from `login.ok`, or the one `hello` carried.
    public var token: String? { inbox.read { $0.session.token } }
    /// The player the session is logged in as.
    public var player: PlayerInfo? { inbox.read { $0.session.player } }
    /// The limits from `welcome`.
    public var limits: SessionLimits { inbox.read { $0.session.limits } }
    /// What to send in `hello.resume` to continue this session elsewhere.
    public var resumeRequest: ClientMessage.ResumeRequest? {
        inbox.read { state in
            state.session.session.map { ClientMessage.ResumeRequest(session: $0, lastSeq: state.session.lastSeq) }
        }
    }
    /// Duplicates and gaps in `seq` seen so far; a correct server causes none.
    public var seqAnomalies: [SeqAnomaly] { inbox.read { $0.anomalies } }
    /// How the connection ended, once it has.
    public var closeInfo: ConnectionClose? { inbox.read { $0.closed } }
}
