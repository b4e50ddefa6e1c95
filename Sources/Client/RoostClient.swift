import Protocol
import Reactor
import WebSocketTransport

/// An event-driven `roost.v1` client for interactive programs: it lives on one event loop, says
/// `hello` (announcing `resume`), keeps the token, session and `lastSeq`, and when the connection
/// drops or closes with a code that says so, reconnects with the spec's backoff and resumes. When
/// a resume is refused it asks again for what the old session had (login, lobby, games); see
/// `SessionStateMachine`.
///
/// Confined to `loop`: create it, call it and read it on the loop's thread only; `onEvent` is
/// called there too. It takes no lock.
public final class RoostClient {
    /// Where the client is in its life.
    public enum State: Hashable, Sendable {
        /// Not started.
        case idle
        /// Opening the WebSocket (attempts count from 1 since the last session).
        case connecting(attempt: Int)
        /// The WebSocket is open and `hello` sent; waiting for `welcome`.
        case greeting
        /// The session is open: requests may be sent.
        case ready
        /// Waiting `delay` before the next attempt, after `close` (`nil`: the connect failed).
        case waitingToReconnect(attempt: Int, delay: Duration, after: ConnectionClose?)
        /// Stopped for good after `close` (by `stop()`, or a close that says not to reconnect).
        case stopped(ConnectionClose?)
    }

    /// What the client reports to the application, in order, on the loop.
    public enum Event: Hashable, Sendable {
        /// `state` changed.
        case stateChanged(State)
        /// A `welcome` opened or resumed the session; its follow-up requests are being sent.
        case sessionStarted(SessionStart)
        /// A server message (duplicates from a replay are already dropped).
        case message(ReceivedMessage)
        /// A text from the server that is not a readable message (bad JSON, unknown type).
        case undecodable(text: String, error: ProtocolError)
        /// Messages are missing before the next one: views built from updates may be stale.
        case sequenceGap(expected: Int, received: Int)
        /// An attempt to connect failed before the WebSocket opened.
        case connectFailed(String)
    }

    /// The server's URL. The application may change it between connections: the next reconnect
    /// goes there (roost-bots spreads reconnects over a cluster's nodes when one dies).
    public var url: WebSocketURL
    /// The loop the client lives on.
    public let loop: EventLoop
    /// How connections are opened.
    public let options: ConnectionOptions
    /// Where events go.
    public var onEvent: (Event) -> Void = { _ in }
    /// How long to wait for `welcome` after `hello` before dropping the connection and retrying.
    public var helloTimeout: Duration = .seconds(10)

    /// Where the client is.
    public internal(set) var state: State = .idle
    /// The session as the client knows it (token, session id, `lastSeq`, games, lobby filter).
    public internal(set) var session: SessionStateMachine

    var backoff = ReconnectBackoff()
    var random = SystemRandomNumberGenerator()
    var connection: ProtocolConnection?
    /// Counts connections, so that callbacks of a connection already replaced are ignored.
    var generation = 0
    var attempt = 0
    var stopping = false
    var reconnectTimer: TimerID?
    var helloTimer: TimerID?
    private var nextCid = 1

    /// A client of the server at `url`, on `loop`, introducing itself as `client`; `token` logs
    /// in from the first `hello` (a token kept from an earlier run). Call `start()` to connect.
    public init(
        url: WebSocketURL, loop: EventLoop, client: ClientMessage.ClientInfo, token: String? = nil,
        options: ConnectionOptions = ConnectionOptions()
    ) {
        self.url = url
        self.loop = loop
        self.options = options
        session = SessionStateMachine(client: client, capabilities: [.resume], token: token)
    }

    /// A client of the server at `address` (`ws://host:port/ws`, or a shorthand `RoostURL`
    /// accepts); throws `.invalidURL` for an address that is not one.
    public convenience init(
        address: String, loop: EventLoop, client: ClientMessage.ClientInfo, token: String? = nil,
        options: ConnectionOptions = ConnectionOptions()
    ) throws(RoostClientError) {
        switch RoostURL.parse(address) {
        case .success(let url): self.init(url: url, loop: loop, client: client, token: token, options: options)
        case .failure(let error): throw .invalidURL(error.description)
        }
    }

    /// Connects (if idle or stopped); events follow through `onEvent`.
    public func start() {
        precondition(loop.inLoop, "RoostClient runs on its loop's thread")
        switch state {
        case .idle, .stopped:
            stopping = false
            backoff.succeeded()
            attempt = 0
            connect()
        default:
            return
        }
    }

    /// Skips the rest of a reconnect wait and tries now.
    public func reconnectNow() {
        guard case .waitingToReconnect = state else { return start() }
        if let reconnectTimer { loop.cancel(reconnectTimer) }
        reconnectTimer = nil
        connect()
    }

    /// Closes with 1000 and stops reconnecting; the state becomes `.stopped` once closed.
    public func stop() {
        stopping = true
        cancelTimers()
        if let connection {
            connection.close(code: CloseCodes.normal)
        } else {
            setState(.stopped(nil))
        }
    }

    /// Drops the connection without a close frame, as a network failure would; the client then
    /// reconnects and resumes like after any drop. For trying resume out by hand and in tests.
    public func dropConnection() {
        connection?.abort()
    }

    /// Sends a request with the next cid, which it returns; `nil` when no session is open (the
    /// request is dropped: the application shows that it is offline).
    @discardableResult
    public func send(_ message: ClientMessage) -> Int? {
        guard state == .ready else { return nil }
        let cid = nextCid
        nextCid += 1
        return transmit(message, cid: cid) ? cid : nil
    }

    /// Sends a request without a cid (no `ok` comes back; errors still do), e.g. a steering move
    /// sent many times a second. False when no session is open.
    @discardableResult
    public func sendWithoutCid(_ message: ClientMessage) -> Bool {
        guard state == .ready else { return false }
        return transmit(message, cid: nil)
    }

    /// The token to keep for the next run (never show or log it).
    public var token: String? { session.token }
    /// The player logged in, if any.
    public var player: PlayerInfo? { session.player }
    /// The limits from the last `welcome`.
    public var limits: SessionLimits { session.limits }

    func transmit(_ message: ClientMessage, cid: Int?) -> Bool {
        guard let connection, connection.isOpen else { return false }
        session.willSend(message)
        return connection.send(bytes: message.encode(cid: cid))
    }

    func setState(_ new: State) {
        guard new != state else { return }
        state = new
        onEvent(.stateChanged(new))
    }

    func cancelTimers() {
        if let reconnectTimer { loop.cancel(reconnectTimer) }
        if let helloTimer { loop.cancel(helloTimer) }
        reconnectTimer = nil
        helloTimer = nil
    }
}
