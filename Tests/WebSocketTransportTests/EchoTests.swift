import Reactor
import Testing
import WebSocket
import WebSocketTransport

@Suite struct EchoTests {
    @Test(arguments: [0, 1, 125, 126, 65535, 65536, 1 << 20])
    func clientAndServerEchoMessagesOfEverySize(size: Int) throws {
        let server = try TestServer { $0.connection.maxMessageBytes = 2 << 20; $0.connection.maxFrameBytes = 2 << 20 }
        defer { server.stop() }
        let client = try TestClient()
        defer { client.stop() }
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let text = String(repeating: "é", count: size / 2)
        let recorder = RecordingClient { connection in
            connection.send(bytes: payload, opcode: .binary)
            connection.send(text: text)
        }
        client.connect("ws://127.0.0.1:\(server.port)/any/path", handler: recorder) {
            $0.connection.maxMessageBytes = 2 << 20
            $0.connection.maxFrameBytes = 2 << 20
        }
        #expect(recorder.waitUntil { $0.messages.count == 2 })
        let messages = recorder.state.withLock { $0.messages }
        #expect(messages.count == 2)
        #expect(messages.first?.0 == .binary)
        #expect(messages.first?.1 == payload)
        #expect(messages.last?.0 == .text)
        #expect(messages.last?.1 == Array(text.utf8))
    }

    @Test func manyPipelinedMessagesComeBackInOrder() throws {
        let server = try TestServer(loops: 2)
        defer { server.stop() }
        let client = try TestClient()
        defer { client.stop() }
        let recorder = RecordingClient { connection in
            for index in 0..<2000 { connection.send(text: "message \(index)") }
        }
        client.connect("ws://127.0.0.1:\(server.port)/", handler: recorder)
        #expect(recorder.waitUntil { $0.messages.count == 2000 })
        let texts = recorder.state.withLock { $0.messages.map { String(decoding: $0.1, as: UTF8.self) } }
        #expect(texts == (0..<2000).map { "message \($0)" })
    }

    @Test func clientCloseIsAnsweredWithTheSameCode() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try TestClient()
        defer { client.stop() }
        let recorder = RecordingClient { $0.close(CloseCode(4001), reason: "bye") }
        client.connect("ws://127.0.0.1:\(server.port)/", handler: recorder)
        #expect(recorder.waitUntil { $0.closeCode != nil })
        #expect(recorder.state.withLock { $0.closeCode } == CloseCode(4001))
    }

    @Test func serverShutdownClosesClientsWithGoingAway() throws {
        let server = try TestServer()
        let client = try TestClient()
        defer { client.stop() }
        let recorder = RecordingClient()
        client.connect("ws://127.0.0.1:\(server.port)/", handler: recorder)
        #expect(recorder.waitUntil { $0.opened })
        server.stop()
        #expect(recorder.waitUntil { $0.closeCode != nil })
        #expect(recorder.state.withLock { $0.closeCode } == .goingAway)
    }

    @Test func connectingToAClosedPortReportsFailure() throws {
        let client = try TestClient()
        defer { client.stop() }
        let recorder = RecordingClient()
        client.connect("ws://127.0.0.1:1/", handler: recorder)
        #expect(recorder.waitUntil { $0.failure != nil })
        #expect(recorder.state.withLock { $0.opened } == false)
    }
}
