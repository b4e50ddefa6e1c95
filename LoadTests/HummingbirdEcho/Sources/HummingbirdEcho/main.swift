// Hummingbird WebSocket echo server: a peer for LoadTests/run-echo-bench.sh.
//
// Usage: HummingbirdEcho --port P [--host 127.0.0.1] [--threads N]
// Upgrades any request path, echoes every text/binary message with the same opcode,
// prints "listening on ws://HOST:PORT" once bound, exits on SIGTERM/SIGINT.
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Command-line options; kept dependency-free (no ArgumentParser) so the package stays small.
struct EchoOptions {
    var host = "127.0.0.1"
    var port = 9001
    var threads = 1

    static func parse(_ arguments: [String]) -> EchoOptions {
        var options = EchoOptions()
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { usage("missing value for \(flag)") }
            switch flag {
            case "--host": options.host = value
            case "--port":
                guard let port = Int(value) else { usage("bad --port \(value)") }
                options.port = port
            case "--threads":
                guard let threads = Int(value), threads > 0 else { usage("bad --threads \(value)") }
                options.threads = threads
            default: usage("unknown option \(flag)")
            }
        }
        return options
    }

    static func usage(_ problem: String) -> Never {
        print("HummingbirdEcho: \(problem)\nusage: HummingbirdEcho --port P [--host H] [--threads N]")
        exit(2)
    }
}

let options = EchoOptions.parse(CommandLine.arguments)
var logger = Logger(label: "HummingbirdEcho")
logger.logLevel = .warning

let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
// 16 MiB frames, like the node ws peer's maxPayload; everything else at Hummingbird's defaults
// (auto-ping every 30 s, as a deployed server would run). ECHO_AUTO_PING=0 turns auto-ping off.
let autoPing: AutoPingSetup =
    getenv("ECHO_AUTO_PING").map { String(cString: $0) } == "0" ? .disabled : .enabled(timePeriod: .seconds(30))
let webSocketConfiguration = WebSocketServerConfiguration(maxFrameSize: 16 << 20, autoPing: autoPing)
let host = options.host
let port = options.port

let app = Application(
    router: Router(),
    server: .http1WebSocketUpgrade(configuration: .init(ws: webSocketConfiguration)) { _, _, _ in
        .upgrade([:]) { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: 16 << 20) {
                switch message {
                case .text(let text): try await outbound.write(.text(text))
                case .binary(let bytes): try await outbound.write(.binary(bytes))
                }
            }
        }
    },
    configuration: .init(address: .hostname(host, port: port), serverName: "HummingbirdEcho"),
    onServerRunning: { channel in
        // write(2), not print: the runner waits for this line on a pipe, where stdout is buffered.
        let line = "listening on ws://\(host):\(channel.localAddress?.port ?? port)\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, line.utf8.count) }
    },
    eventLoopGroupProvider: .shared(eventLoopGroup),
    logger: logger
)
// runService() installs SIGTERM/SIGINT graceful shutdown.
try await app.runService()
