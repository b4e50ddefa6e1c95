import Foundation
import Reactor
import Testing
import WebSocket
import WebSocketTransport

/// A throwaway self-signed certificate for localhost/127.0.0.1, made with the openssl CLI.
func makeTestCertificate() throws -> (certificate: String, key: String) {
    let directory = NSTemporaryDirectory() + "roost-tls-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    process.arguments = [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ]
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw SystemError(errno: 0, operation: "openssl req") }
    return (directory + "/cert.pem", directory + "/key.pem")
}

@Suite struct SecureAndCompressedTests {
    @Test func tlsClientAndServerEchoAndVerifyTheCertificate() throws {
        let (certificate, key) = try makeTestCertificate()
        let server = try TestServer {
            $0.tls = try! TLSContext.server(certificateChainPath: certificate, privateKeyPath: key)
        }
        defer { server.stop() }
        let client = try TestClient()
        defer { client.stop() }
        let big = [UInt8](repeating: 0x5A, count: 300_000)
        let recorder = RecordingClient { connection in
            connection.send(text: "over tls")
            connection.send(bytes: big)
        }
        let trust = try TLSContext.client(trustRootsPath: certificate)
        client.connect("wss://localhost:\(server.port)/", handler: recorder) { $0.tls = trust }
        #expect(recorder.waitUntil { $0.messages.count == 2 })
        let messages = recorder.state.withLock { $0.messages }
        #expect(messages.first?.1 == Array("over tls".utf8))
        #expect(messages.last?.1 == big)
    }

    @Test func tlsClientRefusesAnUntrustedServer() throws {
        let (certificate, key) = try makeTestCertificate()
        let (otherCertificate, _) = try makeTestCertificate()
        let server = try TestServer {
            $0.tls = try! TLSContext.server(certificateChainPath: certificate, privateKeyPath: key)
        }
        defer { server.stop() }
        let client = try TestClient()
        defer { client.stop() }
        let recorder = RecordingClient()
        let trust = try TLSContext.client(trustRootsPath: otherCertificate)
        client.connect("wss://localhost:\(server.port)/", handler: recorder) { $0.tls = trust }
        #expect(recorder.waitUntil { $0.failure != nil })
        #expect(recorder.state.withLock { $0.opened } == false)
    }

    @Test func plainTextSpokenToATLSPortIsDropped() throws {
        let (certificate, key) = try makeTestCertificate()
        let server = try TestServer {
            $0.tls = try! TLSContext.server(certificateChainPath: certificate, privateKeyPath: key)
        }
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let reply = raw.readToEnd()
        #expect(!String(decoding: reply, as: UTF8.self).contains("HTTP/1.1"))
    }

    @Test(arguments: [0, 10, 200, 100_000])
    func compressedMessagesRoundTripWhenBothSidesNegotiateDeflate(size: Int) throws {
        let server = try TestServer { $0.handshake.deflate = PerMessageDeflateOptions() }
        defer { server.stop() }
        let client = try TestClient()
        defer { client.stop() }
        let text = String((0..<size).map { _ in "abcabcabd".randomElement()! })
        let recorder = RecordingClient { connection in
            connection.send(text: text)
            connection.send(text: text)
        }
        client.connect("ws://127.0.0.1:\(server.port)/", handler: recorder) { $0.deflate = PerMessageDeflateOptions() }
        #expect(recorder.waitUntil { $0.messages.count == 2 })
        let messages = recorder.state.withLock { $0.messages }
        #expect(messages.allSatisfy { $0.0 == .text && $0.1 == Array(text.utf8) })
    }

    @Test func compressionBombIsClosedWithMessageTooBig() throws {
        let server = try TestServer {
            $0.handshake.deflate = PerMessageDeflateOptions()
            $0.connection.maxMessageBytes = 64 * 1024
        }
        defer { server.stop() }
        let client = try TestClient()
        defer { client.stop() }
        // 8 MiB of zeros compresses to a few KiB: under the frame limit, far over the message limit.
        let bomb = [UInt8](repeating: 0, count: 8 << 20)
        let recorder = RecordingClient { $0.send(bytes: bomb) }
        client.connect("ws://127.0.0.1:\(server.port)/", handler: recorder) {
            $0.deflate = PerMessageDeflateOptions()
            $0.connection.maxMessageBytes = 16 << 20
        }
        #expect(recorder.waitUntil { $0.closeCode != nil })
        #expect(recorder.state.withLock { $0.closeCode } == .messageTooBig)
    }
}
