import ArgumentParser
import Reactor
import Synchronization
import WebSocket
import WebSocketTransport

/// `roost autobahn-client`: the client role against the Autobahn TestSuite's
/// `wstest -m fuzzingserver`: runs every case, echoing what the server sends.
struct AutobahnClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autobahn-client",
        abstract: "Run the Autobahn fuzzingserver cases with Roost's WebSocket client."
    )

    @Option(help: "The fuzzingserver's URL.") var url = "ws://127.0.0.1:9001"
    @Option(help: "Agent name in the reports.") var agent = "roost"
    @Flag(help: "Offer permessage-deflate.") var deflate = false

    func run() throws {
        TLSGlobals.ignoreSIGPIPE()
        guard let base = WebSocketURL(url) else { throw ValidationError("not a ws:// URL: \(url)") }
        let group = try EventLoopGroup(loopCount: 1, name: "autobahn")
        defer { group.shutdown() }
        var configuration = WebSocketClientConfiguration()
        configuration.connection.maxFrameBytes = 16 << 20
        configuration.connection.maxMessageBytes = 16 << 20
        configuration.connection.maxQueuedBytes = 48 << 20
        if deflate { configuration.deflate = PerMessageDeflateOptions() }

        let count = try runSession(base, path: "/getCaseCount", configuration, group).firstText.flatMap { Int($0) }
        guard let count else { throw ValidationError("fuzzingserver did not report a case count") }
        printLine("running \(count) cases as \(agent)")
        for index in stride(from: 1, through: count, by: 1) {
            _ = try runSession(base, path: "/runCase?case=\(index)&agent=\(agent)", configuration, group)
        }
        _ = try runSession(base, path: "/updateReports?agent=\(agent)", configuration, group)
        printLine("done: \(count) cases")
    }

    private func runSession(
        _ base: WebSocketURL, path: String, _ configuration: WebSocketClientConfiguration, _ group: EventLoopGroup
    ) throws -> AutobahnSession.Result {
        var target = base
        target.path = path
        let url = target
        let session = AutobahnSession()
        let loop = group.loops[0]
        loop.execute {
            do {
                try WebSocketClient.connect(to: url, configuration: configuration, on: loop, handler: session)
            } catch {
                session.finish(error: "\(error)")
            }
        }
        session.done.wait()
        let result = session.result.withLock { $0 }
        if let error = result.error { printLine("\(path): \(error)") }
        return result
    }
}

/// One connection to the fuzzingserver: echo everything, note the first text.
final class AutobahnSession: WebSocketHandler, @unchecked Sendable {
    // @unchecked: handler methods run on the loop; `result` is behind a Mutex.
    struct Result: Sendable {
        var firstText: String?
        var error: String?
    }

    let done = Latch(count: 1)
    let result = Mutex(Result())

    func connectionOpened(_ connection: WebSocketConnection) {}

    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode) {
        if opcode == .text {
            let text = String(decoding: payload, as: UTF8.self)
            result.withLock { if $0.firstText == nil { $0.firstText = text } }
        }
        connection.send(payload, opcode: opcode)
    }

    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode) {
        done.countDown()
    }

    func connectionFailed(_ connection: WebSocketConnection, error: WebSocketConnectionError) {
        finish(error: error.description)
    }

    func finish(error: String) {
        result.withLock { $0.error = error }
        done.countDown()
    }
}
