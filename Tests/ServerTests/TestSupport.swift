import Client
import Foundation
import Protocol
import Server
import Testing

/// A real node on loopback with a temporary data directory, stopped by `stop()`.
final class TestNode: Sendable {
    let server: GameServer
    let directory: String
    let url: String

    /// A node with two loops (so sessions and games cross loops) and `adjust` applied.
    init(threads: Int = 2, _ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-server-\(UUID().uuidString)").path
        var configuration = ServerConfiguration(tokenSecret: Array(repeating: 7, count: 32))
        configuration.port = 0
        configuration.threads = threads
        configuration.dataDirectory = directory
        configuration.resultDurability = .normal
        adjust(&configuration)
        server = try GameServer(configuration: configuration)
        url = "ws://127.0.0.1:\(server.port)/ws"
    }

    func stop() {
        server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A connected client that said hello and logged in as `name`.
    func player(_ name: String) throws -> BlockingRoostClient {
        let client = try BlockingRoostClient(url)
        try client.hello()
        try client.login(name: name)
        return client
    }

    /// A connected client that said hello (not logged in).
    func guest() throws -> BlockingRoostClient {
        let client = try BlockingRoostClient(url)
        try client.hello()
        return client
    }
}

/// Runs `body` with a fresh node, stopping it afterwards whatever happens.
func withNode<T>(
    threads: Int = 2, _ adjust: (inout ServerConfiguration) -> Void = { _ in }, _ body: (TestNode) throws -> T
) throws -> T {
    let node = try TestNode(threads: threads, adjust)
    defer { node.stop() }
    return try body(node)
}

extension BlockingRoostClient {
    /// Sends a request and returns its reply, failing the test on an `error` reply.
    @discardableResult
    func expectReply(_ message: ClientMessage, _ type: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> ReceivedMessage
    {
        let reply = try request(message)
        #expect(reply.type == type, "expected \(type), got \(reply.json)", sourceLocation: sourceLocation)
        return reply
    }

    /// Sends a request that must fail with `code`.
    func expectError(_ message: ClientMessage, _ code: ErrorCode, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reply = try request(message)
        #expect(reply.error?.code == code, "expected \(code), got \(reply.json)", sourceLocation: sourceLocation)
    }

    /// The game id in a `game.joined` reply.
    static func gameID(_ reply: ReceivedMessage) -> String {
        guard case .gameJoined(_, let joined) = reply.message else { return "" }
        return joined.game
    }

    /// Takes every buffered `game.update` of `game` until `game.finished` arrives; returns the
    /// updates' JSON and the finished message.
    func playUntilFinished(_ game: String, timeout: Duration = .seconds(30)) throws
        -> (updates: [JSONValue], finished: ReceivedMessage)
    {
        var updates: [JSONValue] = []
        while true {
            let message = try waitForMessage(timeout: timeout) {
                $0.type == "game.update" || $0.type == "game.finished"
            }
            if message.type == "game.finished" { return (updates, message) }
            if case .gameUpdate(let id, let update) = message.message, id == game { updates.append(update) }
        }
    }
}
