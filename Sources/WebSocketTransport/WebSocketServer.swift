import HTTP
import Reactor
import Synchronization
import WebSocket

/// Where and how a WebSocket server listens.
public struct WebSocketServerConfiguration: Sendable {
    /// Address to bind; loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (see `WebSocketServer.port`).
    public var port = 0
    public var connection = WebSocketConfiguration()
    public var handshake = ServerHandshakeOptions()
    /// TLS certificate chain and key (PEM); nil serves plain TCP.
    public var tls: TLSContext?
    /// Answers plain HTTP requests (health checks, static files).
    public var httpResponder: HTTPResponder = defaultHTTPResponder

    public init() {}
}

/// A WebSocket server: one listening socket per event loop (SO_REUSEPORT),
/// so the kernel spreads connections and each loop owns its own outright.
public final class WebSocketServer: Sendable {
    /// The bound port (useful when configured with port 0).
    public let port: Int
    public let group: EventLoopGroup
    private let listeners: [TCPListener]

    /// Binds and starts accepting on every loop of `group`.
    /// - Parameter makeHandler: called once per loop, on that loop's thread;
    ///   the handler serves every connection of that loop.
    public init(
        configuration: WebSocketServerConfiguration, group: EventLoopGroup,
        makeHandler: @escaping @Sendable (EventLoop) -> WebSocketHandler
    ) throws(SystemError) {
        let first = try TCPListener(address: try SocketAddress(host: configuration.host, port: configuration.port))
        var listeners = [first]
        do {
            let address = first.localAddress
            for _ in 1..<group.loops.count { listeners.append(try TCPListener(address: address)) }
        } catch {
            for listener in listeners { listener.close() }
            throw error
        }
        self.port = first.localAddress.port
        self.group = group
        self.listeners = listeners
        let started = Mutex<[SystemError?]>([])
        let done = Latch(count: listeners.count)
        for (loop, listener) in zip(group.loops, listeners) {
            loop.execute {
                let context = ConnectionContext(
                    loop: loop, configuration: configuration.connection, handler: makeHandler(loop),
                    handshake: configuration.handshake, httpResponder: configuration.httpResponder, tls: configuration.tls)
                let acceptor = Acceptor(listener: listener, context: context)
                do throws(SystemError) {
                    try acceptor.start()
                    started.withLock { $0.append(nil) }
                } catch {
                    started.withLock { $0.append(error) }
                }
                done.countDown()
            }
        }
        done.wait()
        if let error = started.withLock({ $0.compactMap { $0 }.first }) {
            for listener in listeners { listener.close() }
            throw error
        }
    }

    /// Stops accepting, closes every connection with `code` (1001 "going
    /// away" by default; 1012 tells clients to reconnect elsewhere), waits up
    /// to `timeout` for the closing handshakes, then drops what remains.
    /// Blocks the caller; the loops keep running (the group's owner stops them).
    public func shutdown(code: CloseCode = .goingAway, timeout: Duration = .seconds(5)) {
        let done = Latch(count: group.loops.count)
        for loop in group.loops {
            loop.execute {
                Acceptor.closeAll(on: loop, code: code, timeout: timeout) { done.countDown() }
            }
        }
        done.wait()
    }
}

/// Accepts connections from one listener on one loop.
final class Acceptor: EventHandler {
    let listener: TCPListener
    let context: ConnectionContext
    var registration: Registration?

    /// Accepting stops for this long when the process is out of descriptors,
    /// instead of spinning on a listener that stays readable.
    static let descriptorBackoff: Duration = .milliseconds(100)

    init(listener: TCPListener, context: ConnectionContext) {
        self.listener = listener
        self.context = context
    }

    func start() throws(SystemError) {
        registration = try context.loop.register(fd: listener.fd, interest: .readable, handler: self)
    }

    func handleReadiness(_ readiness: Readiness) {
        // Bounded so a connection storm cannot starve established connections.
        for _ in 0..<256 {
            switch listener.accept() {
            case .connection(let socket, let address):
                admit(socket, from: address)
            case .wouldBlock:
                return
            case .outOfDescriptors:
                context.counters.acceptPausesForDescriptors += 1
                pause()
                return
            case .failed:
                continue
            }
        }
    }

    private func admit(_ socket: TCPSocket, from address: SocketAddress) {
        context.counters.accepted += 1
        let transport: Transport
        var phase = WebSocketConnection.Phase.awaitingRequest
        if let tls = context.tls {
            do {
                transport = .tls(socket, try TLSSession(context: tls, fileDescriptor: socket.fd, serverName: nil))
                phase = .tlsHandshake
            } catch {
                socket.close()
                return
            }
        } else {
            transport = .plain(socket)
        }
        let connection = WebSocketConnection(
            context: context, role: .server, transport: transport, phase: phase)
        if phase == .awaitingRequest { connection.enterPhase(.awaitingRequest) }
        do {
            try connection.start(initialInterest: .readable)
        } catch {
            socket.close()
        }
    }

    private func pause() {
        guard let registration else { return }
        context.loop.deregister(registration)
        self.registration = nil
        context.loop.schedule(after: Self.descriptorBackoff) { [self] in
            try? start()
        }
    }

    func stop() {
        if let registration { context.loop.deregister(registration) }
        registration = nil
        listener.close()
    }

    /// Shutdown on one loop: stop the acceptors, close every connection,
    /// poll until they are gone or the timeout passes.
    static func closeAll(on loop: EventLoop, code: CloseCode, timeout: Duration, done: @escaping () -> Void) {
        for handler in loop.registeredHandlers() {
            if let acceptor = handler as? Acceptor { acceptor.stop() }
            if let connection = handler as? WebSocketConnection, connection.role == .server { connection.close(code) }
        }
        let deadline = MonotonicInstant.now() + timeout
        func check() {
            let remaining = loop.registeredHandlers().compactMap { $0 as? WebSocketConnection }.filter { $0.role == .server }
            if remaining.isEmpty || MonotonicInstant.now() >= deadline {
                for connection in remaining { connection.abort() }
                done()
            } else {
                loop.schedule(after: .milliseconds(10)) { check() }
            }
        }
        check()
    }
}
