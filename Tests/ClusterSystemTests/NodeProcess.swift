import Foundation
import Glibc

/// A `roost serve` node running as a real process on loopback, part of a test cluster.
/// Stopped with SIGTERM (a clean leave) by `stop()`, or killed outright by `kill()`.
final class NodeProcess: @unchecked Sendable {
    // @unchecked: created and stopped by one test; `process` is thread-safe for terminate/wait.
    let name: String
    let process = Process()
    /// The WebSocket URL (`ws://127.0.0.1:P/ws`) and HTTP port.
    private(set) var url = ""
    private(set) var httpPort = 0
    /// The cluster link address (`127.0.0.1:P`).
    private(set) var clusterAddress = ""
    let dataDirectory: String
    private let log: URL

    enum Failure: Error, CustomStringConvertible {
        case binaryMissing(String)
        case didNotStart(String)
        var description: String {
            switch self {
            case .binaryMissing(let path): "\(path) is missing: build it first (swift build)"
            case .didNotStart(let output): "the node did not start; it printed: \(output)"
            }
        }
    }

    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("roost")
    }

    /// Starts node `name` of a cluster whose secret is in `secretFile`, joining through `seeds`.
    init(
        _ name: String, seeds: [String], secretFile: String, clusterPort: Int = 0, dataDirectory: String? = nil,
        extra: [String] = []
    ) throws {
        self.name = name
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("roost-cluster-\(name)-\(UUID().uuidString)").path
        self.dataDirectory = directory
        log = URL(fileURLWithPath: directory + ".log")
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw Failure.binaryMissing(Self.binary.path)
        }
        process.executableURL = Self.binary
        var arguments = [
            "serve", "--node-name", name, "--port", "0", "--threads", "1", "--data-dir", directory,
            "--cluster-port", String(clusterPort), "--cluster-secret-file", secretFile, "--relaxed-durability",
            "--resume-grace", "5",
        ]
        if !seeds.isEmpty { arguments += ["--seeds", seeds.joined(separator: ",")] }
        process.arguments = arguments + extra
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let output = self.output
            // "listening on ws://…" in both log formats (text: `roost serve: listening on …`,
            // JSON: `"msg":"listening on …`); the link's own "listening on HOST:PORT" does not match.
            if let url = Self.field(after: "listening on ", startingWith: "ws", in: output),
                let cluster = Self.field(after: "cluster link on ", in: output)
            {
                self.url = url
                clusterAddress = cluster
                httpPort = Int(url.split(separator: ":").last!.prefix { $0.isNumber }) ?? 0
                return
            }
            if !process.isRunning { break }
            usleep(20_000)
        }
        stop()
        throw Failure.didNotStart(output)
    }

    /// Everything the node printed.
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    private static func field(after marker: String, startingWith prefix: String, in text: String) -> String? {
        guard let range = text.range(of: marker + prefix) else { return nil }
        return prefix + String(text[range.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" })
    }

    private static func field(after marker: String, in text: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// SIGTERM: the node leaves the cluster cleanly and exits.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGKILL: the node dies without a word.
    func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// `GET path` on the node's HTTP port; the body, or nil when it cannot be reached.
    func get(_ path: String) -> String? { httpGet(port: httpPort, path: path) }

    /// The other live members this node sees.
    func members() -> [String] {
        guard let body = get("/api/cluster"), let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return (object["members"] as? [String]) ?? []
    }

    /// Players online anywhere, as this node sees them: id → node.
    func presence() -> [String: String] {
        guard let body = get("/api/presence"), let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let players = object["players"] as? [[String: Any]]
        else { return [:] }
        var result: [String: String] = [:]
        for player in players {
            if let id = player["id"] as? String, let node = player["node"] as? String { result[id] = node }
        }
        return result
    }

    deinit { stop() }
}

/// A plain HTTP/1.1 GET over a loopback socket (the tests need nothing more).
func httpGet(port: Int, path: String) -> String? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 3, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return nil }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return nil }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        response += buffer[..<count]
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { return nil }
    return String(text[split.upperBound...])
}

/// Polls `condition` until it holds or `timeout` passes; true when it held.
func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// A fresh cluster secret file.
func makeSecretFile() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("roost-secret-\(UUID().uuidString)").path
    var generator = SystemRandomNumberGenerator()
    let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    _ = FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600])
    return path
}
