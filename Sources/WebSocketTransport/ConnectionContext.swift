import HTTP
import Reactor
import WebSocket

/// Buffers shared by every connection on one event loop. Connections own no
/// buffer while idle: reads land in the loop's read buffer, and replies are
/// staged here and written at once; only what the kernel does not take is
/// copied into a connection's own queue.
final class LoopBuffers {
    /// Replies of the connection whose input is being processed (one at a
    /// time per loop), written when its read handler finishes.
    // No run-time exclusivity checks: each buffer is used by one connection at
    // a time on the loop thread, and never while another access is open.
    @exclusivity(unchecked) var corked: [UInt8] = []
    /// Frames sent outside a read handler (pushes), written immediately.
    @exclusivity(unchecked) var direct: [UInt8] = []
    /// Output of the per-message compressor before framing.
    @exclusivity(unchecked) var compressed: [UInt8] = []

    /// Staging buffers stay allocated but never grow without bound: one larger
    /// than this (after a big message) is released.
    static let retainedBytes = 256 * 1024

    init() {
        corked.reserveCapacity(16 * 1024)
        direct.reserveCapacity(16 * 1024)
    }

    static func reset(_ buffer: inout [UInt8]) {
        if buffer.capacity > retainedBytes { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
    }
}

/// What every connection of one server (or one client setup) on one loop
/// shares; a connection holds one reference instead of a copy of each field.
final class ConnectionContext {
    let loop: EventLoop
    let configuration: WebSocketConfiguration
    let handler: WebSocketHandler
    let handshake: ServerHandshakeOptions
    let httpResponder: HTTPResponder
    let tls: TLSContext?
    let buffers: LoopBuffers
    let maskingKeys: MaskingKeyGenerator
    let counters: TransportCounters

    init(
        loop: EventLoop, configuration: WebSocketConfiguration, handler: WebSocketHandler,
        handshake: ServerHandshakeOptions = .init(), httpResponder: @escaping HTTPResponder = defaultHTTPResponder,
        tls: TLSContext?
    ) {
        self.loop = loop
        self.configuration = configuration
        self.handler = handler
        self.handshake = handshake
        self.httpResponder = httpResponder
        self.tls = tls
        self.buffers = loop.localValue(LoopBuffers.self) { LoopBuffers() }
        self.maskingKeys = loop.localValue(MaskingKeyGenerator.self) { MaskingKeyGenerator() }
        self.counters = loop.localValue(TransportCounters.self) { TransportCounters() }
    }
}

/// Answers plain HTTP requests (everything that is not a WebSocket upgrade).
public typealias HTTPResponder = @Sendable (HTTPRequestHead) -> HTTPResponse

/// `GET /healthz` answers 200; anything else 404.
public let defaultHTTPResponder: HTTPResponder = { head in
    if head.path == "/healthz" {
        return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array("ok\n".utf8))
    }
    return HTTPResponse(status: .notFound, headers: ["Content-Type": "text/plain"], body: Array("not found\n".utf8))
}

/// Counts of what the transport refused or dropped on one loop, for metrics
/// and tests. Read them on the loop's thread.
public final class TransportCounters {
    public var accepted = 0
    public var handshakesCompleted = 0
    public var handshakesRejected = 0
    public var handshakeTimeouts = 0
    public var protocolErrors = 0
    public var messagesTooBig = 0
    public var invalidPayloads = 0
    public var idleTimeouts = 0
    public var slowConsumersDropped = 0
    public var acceptPausesForDescriptors = 0

    public init() {}
}

