/// The closing handshake (RFC 6455 §5.5.1, §7), as a value that takes events
/// and says what the connection must do.
///
/// Both ends send a close frame and then stop sending. The server closes the
/// TCP connection first once both frames have crossed (§7.1.1), so the server
/// never ends up in TIME_WAIT holding ports clients need; a client waits for
/// the server to close, with a timeout. A close frame we sent that is never
/// answered ends with `closeTimedOut`.
public struct CloseStateMachine: Sendable {
    public enum State: Equatable, Sendable {
        /// Data may flow both ways.
        case open
        /// We sent a close frame and wait for the peer's.
        case closeSent
        /// Both close frames have crossed, or the connection is gone.
        case closed
    }

    /// What the connection must do after an event.
    public enum Action: Equatable, Sendable {
        case none
        /// Send a close frame with this code (nil: empty body) and wait for the
        /// peer's, under the close timeout.
        case sendClose(CloseCode?, reason: String)
        /// Reply with this close frame; the handshake is then complete.
        case replyAndFinish(CloseCode?)
        /// Fail the connection (§7.1.7): send this close frame, then end as
        /// after a complete handshake. The peer's byte stream is no longer
        /// trustworthy, so its close frame is not awaited.
        case failAndFinish(CloseCode, reason: String)
        /// The handshake is complete: a server closes TCP now, a client waits
        /// briefly for the server to do so.
        case finish
        /// Close TCP now without more ado.
        case disconnect
    }

    public let role: WebSocketRole
    public private(set) var state: State = .open
    /// The code the peer sent in its close frame, once it has.
    public private(set) var peerCode: CloseCode?
    private var peerSentClose = false

    public init(role: WebSocketRole) { self.role = role }

    /// Data frames may be sent only while open.
    public var canSendData: Bool { state == .open }

    /// This end wants to close (application, shutdown, limit breached).
    public mutating func close(_ code: CloseCode?, reason: String = "") -> Action {
        guard state == .open else { return .none }
        state = .closeSent
        return .sendClose(code, reason: reason)
    }

    /// The peer's close frame arrived.
    public mutating func receivedClose(_ code: CloseCode?) -> Action {
        // The connection's close code is the one in the first close frame (§7.1.5).
        guard !peerSentClose else { return .none }
        peerCode = code
        peerSentClose = true
        switch state {
        case .open:
            // Echo the peer's code (§5.5.1); an empty close is answered empty.
            state = .closed
            return .replyAndFinish(code)
        case .closeSent:
            state = .closed
            return .finish
        case .closed:
            return .none
        }
    }

    /// The peer broke the protocol or a limit: fail the connection (§7.1.7).
    public mutating func failed(_ code: CloseCode, reason: String) -> Action {
        switch state {
        case .open:
            state = .closed
            return .failAndFinish(code, reason: reason)
        case .closeSent, .closed:
            state = .closed
            return .disconnect
        }
    }

    /// Our close frame went unanswered for the close timeout.
    public mutating func closeTimedOut() -> Action {
        guard state != .closed else { return .none }
        state = .closed
        return .disconnect
    }

    /// The TCP connection ended. Returns the code to report to the
    /// application: the peer's, 1005 when its close had none, or 1006 when the
    /// connection dropped before a close frame arrived.
    public mutating func transportClosed() -> CloseCode {
        state = .closed
        guard peerSentClose else { return .abnormalClosure }
        return peerCode ?? .noStatusReceived
    }
}
