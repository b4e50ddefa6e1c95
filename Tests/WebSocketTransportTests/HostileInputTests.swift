import Glibc
import Reactor
import Testing
import WebSocket
import WebSocketTransport

/// Bad input gets a precise status or close code and leaves other
/// connections untouched.
@Suite struct HostileInputTests {
    @Test func healthzAnswersOK() throws {
        let server = try TestServer()
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = String(decoding: raw.readToEnd(), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 200"))
        #expect(response.hasSuffix("ok\n"))
    }

    @Test func malformedRequestGets400WhileAnotherClientKeepsEchoing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let good = try RawClient(port: server.port)
        #expect(good.upgrade().hasPrefix("HTTP/1.1 101"))
        let bad = try RawClient(port: server.port)
        bad.send("GARBAGE\r\n\r\n")
        #expect(String(decoding: bad.readToEnd(), as: UTF8.self).hasPrefix("HTTP/1.1 400"))
        good.send(clientFrame(0x1, Array("still here".utf8)))
        let echoed = good.read(count: 12)
        #expect(Array(echoed.dropFirst(2)) == Array("still here".utf8))
    }

    @Test func oversizedHeadersGet431() throws {
        let server = try TestServer()
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        raw.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 20000) + "\r\n\r\n")
        #expect(String(decoding: raw.readToEnd(), as: UTF8.self).hasPrefix("HTTP/1.1 431"))
    }

    @Test func wrongWebSocketVersionGets426() throws {
        let server = try TestServer()
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        raw.send("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
        let response = String(decoding: raw.readToEnd(), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 426"))
        #expect(response.contains("Sec-WebSocket-Version: 13"))
    }

    @Test func disallowedOriginGets403() throws {
        let server = try TestServer { $0.handshake.allowedOrigins = ["https://play.example"] }
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        #expect(raw.upgrade(extraHeaders: "Origin: https://evil.example\r\n").hasPrefix("HTTP/1.1 403"))
        let allowed = try RawClient(port: server.port)
        #expect(allowed.upgrade(extraHeaders: "Origin: https://play.example\r\n").hasPrefix("HTTP/1.1 101"))
    }

    @Test func slowHandshakeIsCutOff() throws {
        let server = try TestServer { $0.connection.handshakeTimeout = .milliseconds(200) }
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        raw.send("GET / HTTP/1.1\r\n")
        let start = ContinuousClock.now
        _ = raw.readToEnd()
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test func unmaskedClientFrameClosesWithProtocolError() throws {
        let server = try TestServer()
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        #expect(raw.upgrade().hasPrefix("HTTP/1.1 101"))
        raw.send(clientFrame(0x1, Array("hi".utf8), mask: false))
        #expect(closeCode(in: raw.readToEnd()) == 1002)
    }

    @Test func oversizedMessageClosesWithMessageTooBig() throws {
        let server = try TestServer { $0.connection.maxMessageBytes = 1000 }
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        #expect(raw.upgrade().hasPrefix("HTTP/1.1 101"))
        raw.send(clientFrame(0x2, [UInt8](repeating: 7, count: 600), fin: false))
        raw.send(clientFrame(0x0, [UInt8](repeating: 7, count: 600)))
        #expect(closeCode(in: raw.readToEnd()) == 1009)
    }

    @Test func invalidUTF8ClosesWithInvalidPayload() throws {
        let server = try TestServer()
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        #expect(raw.upgrade().hasPrefix("HTTP/1.1 101"))
        raw.send(clientFrame(0x1, [0x68, 0xC0, 0xAF]))
        #expect(closeCode(in: raw.readToEnd()) == 1007)
    }

    @Test func silentConnectionIsPingedThenClosed() throws {
        let server = try TestServer {
            $0.connection.pingInterval = .milliseconds(100)
            $0.connection.idleTimeout = .milliseconds(300)
        }
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        #expect(raw.upgrade().hasPrefix("HTTP/1.1 101"))
        let received = raw.readToEnd()
        #expect(received.first == 0x89)  // a ping first
        #expect(closeCode(in: received) == 1001)
    }

    @Test func peerThatNeverReadsIsDroppedAsSlowConsumer() throws {
        let opened = Latch(count: 1)
        nonisolated(unsafe) var serverSide: WebSocketConnection?
        let server = try TestServer(configure: { $0.connection.maxQueuedBytes = 1 << 20 }) { _ in
            PushOnOpen { serverSide = $0; opened.countDown() }
        }
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        #expect(raw.upgrade().hasPrefix("HTTP/1.1 101"))
        opened.wait()
        let done = Latch(count: 1)
        nonisolated(unsafe) var accepted = 0
        server.group.loops[0].execute {
            let chunk = [UInt8](repeating: 1, count: 64 * 1024)
            for _ in 0..<1000 where serverSide!.send(bytes: chunk) { accepted += 1 }
            done.countDown()
        }
        done.wait()
        // The kernel buffers a few MiB at most; the rest must be refused.
        #expect(accepted < 1000)
    }
}

final class PushOnOpen: WebSocketHandler {
    let onOpen: (WebSocketConnection) -> Void
    init(_ onOpen: @escaping (WebSocketConnection) -> Void) { self.onOpen = onOpen }
    func connectionOpened(_ connection: WebSocketConnection) { onOpen(connection) }
    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode) {}
    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode) {}
}
