import Protocol
import Reactor
import WebSocket
import WebSocketTransport

/// One WebSocket to a Roost server on one event loop: sends text and turns what arrives into
/// `ClientEvent`s. The shell under both clients; every method runs on `loop`'s thread.
final class ProtocolConnection: WebSocketHandler {
    /// Where the connection reports, on its loop.
    struct Callbacks {
        /// The WebSocket is open: send `hello`.
        var opened: () -> Void
        /// A message, an unreadable message, or the end (`.closed`, exactly once after `opened`).
        var event: (ClientEvent) -> Void
        /// The WebSocket never opened (refused, TLS, handshake declined or timed out).
        var failed: (String) -> Void
    }

    let loop: EventLoop
    private let callbacks: Callbacks
    private let maxMessageBytes: Int
    private var connection: WebSocketConnection?
    private var closeReason = ""

    private init(loop: EventLoop, callbacks: Callbacks, maxMessageBytes: Int) {
        self.loop = loop
        self.callbacks = callbacks
        self.maxMessageBytes = maxMessageBytes
    }

    /// Starts connecting to `url`; the callbacks follow on `loop`. Must run on `loop`'s thread.
    static func open(
        to url: WebSocketURL, options: ConnectionOptions, on loop: EventLoop, callbacks: Callbacks
    ) throws(RoostClientError) -> ProtocolConnection {
        precondition(loop.inLoop, "a connection is opened on its own loop's thread")
        let configuration = try options.clientConfiguration(for: url)
        let handler = ProtocolConnection(loop: loop, callbacks: callbacks, maxMessageBytes: options.maxMessageBytes)
        do {
            handler.connection = try WebSocketClient.connect(
                to: url, configuration: configuration, on: loop, handler: handler)
        } catch {
            throw .connectFailed("\(url): \(error)")
        }
        return handler
    }

    /// Whether messages can be sent now.
    var isOpen: Bool { connection?.isOpen ?? false }

    /// Sends one text message; false when the connection is not open (the message is dropped).
    @discardableResult
    func send(text: String) -> Bool {
        connection?.send(text: text) ?? false
    }

    /// Sends one encoded message.
    @discardableResult
    func send(bytes: [UInt8]) -> Bool {
        connection?.send(bytes: bytes, opcode: .text) ?? false
    }

    /// Starts the closing handshake with `code`.
    func close(code: UInt16 = CloseCodes.normal, reason: String = "") {
        connection?.close(CloseCode(code), reason: reason)
    }

    /// Drops the connection without a close frame (a TCP reset), as a network failure would.
    func abort() {
        connection?.abort()
    }

    // MARK: WebSocketHandler

    func connectionOpened(_ connection: WebSocketConnection) {
        self.connection = connection
        callbacks.opened()
    }

    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode) {
        if opcode == .text {
            callbacks.event(ClientEvent.decoding(payload, maxBytes: maxMessageBytes))
        } else {
            callbacks.event(ClientEvent.binary(count: payload.count))
        }
    }

    func connection(_ connection: WebSocketConnection, receivedClose code: CloseCode?, reason: String) {
        closeReason = reason
    }

    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode) {
        self.connection = nil
        let close =
            code == .abnormalClosure ? ConnectionClose.dropped : ConnectionClose(code: code.rawValue, reason: closeReason)
        callbacks.event(.closed(close))
    }

    func connectionFailed(_ connection: WebSocketConnection, error: WebSocketConnectionError) {
        self.connection = nil
        callbacks.failed(error.description)
    }
}
