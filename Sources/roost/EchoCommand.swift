import ArgumentParser
import Glibc
import Reactor
import WebSocket
import WebSocketTransport

/// `roost echo`: a WebSocket echo server on Roost's own stack, for the
/// Autobahn conformance suite and the echo benchmarks.
struct EchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo",
        abstract: "Run a WebSocket echo server (conformance and benchmarks).",
        discussion: "Upgrades on any path and echoes every message with its opcode. GET /healthz answers 200."
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free one).") var port = 9001
    @Option(help: "Event loop threads (default: one per core).") var threads: Int?
    @Flag(help: "Negotiate permessage-deflate.") var deflate = false
    @Option(help: "TLS certificate chain (PEM); serves wss:// with --tls-key.") var tlsCert: String?
    @Option(help: "TLS private key (PEM).") var tlsKey: String?
    @Option(help: "Largest message accepted, in bytes.") var maxMessageBytes = 16 << 20
    @Flag(help: "Pin event loop threads to CPUs (benchmarks).") var pin = false

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        TLSGlobals.ignoreSIGPIPE()
        blockTerminationSignals()
        var configuration = WebSocketServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.connection.maxFrameBytes = maxMessageBytes
        configuration.connection.maxMessageBytes = maxMessageBytes
        // An echo holds a whole message in its send queue while echoing it.
        configuration.connection.maxQueuedBytes = 2 * maxMessageBytes + (1 << 20)
        if deflate { configuration.handshake.deflate = PerMessageDeflateOptions() }
        if let tlsCert, let tlsKey {
            configuration.tls = try TLSContext.server(certificateChainPath: tlsCert, privateKeyPath: tlsKey)
        }
        let loopCount = threads ?? max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let group = try EventLoopGroup(loopCount: loopCount, name: "echo", pinToCPUs: pin)
        let server = try WebSocketServer(configuration: configuration, group: group) { _ in EchoHandler() }
        let scheme = tlsCert == nil ? "ws" : "wss"
        // Scripts wait for this line, so it goes out unbuffered.
        printLine("roost echo listening on \(scheme)://\(host):\(server.port) (\(loopCount) loop\(loopCount == 1 ? "" : "s"))")
        waitForTerminationSignal()
        server.shutdown()
        group.shutdown()
    }
}

/// Echoes every message back with the same opcode.
final class EchoHandler: WebSocketHandler {
    func connectionOpened(_ connection: WebSocketConnection) {}

    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode) {
        connection.send(payload, opcode: opcode)
    }

    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode) {}
}

/// Blocks SIGINT and SIGTERM in this thread and every thread it starts
/// afterwards, so they wait for `waitForTerminationSignal` instead of killing
/// the process mid-shutdown. Call before starting event loops.
func blockTerminationSignals() {
    var signals = terminationSignals()
    pthread_sigmask(SIG_BLOCK, &signals, nil)
}

/// Blocks until SIGINT or SIGTERM arrives (taken synchronously by sigwait:
/// no async-signal-safety concerns).
@discardableResult
func waitForTerminationSignal() -> Int32 {
    var signals = terminationSignals()
    var received: Int32 = 0
    sigwait(&signals, &received)
    return received
}

private func terminationSignals() -> sigset_t {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    return signals
}

/// Writes a line to standard output at once (stdout is block-buffered when
/// piped, and scripts wait for readiness lines).
func printLine(_ text: String) {
    let line = Array((text + "\n").utf8)
    line.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}
