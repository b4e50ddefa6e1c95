// TLSSession over real sockets: handshake, echo, buffering, close and reset.
import Foundation
import Testing
@testable import Reactor

@Suite struct TLSSessionTests {
    @Test func handshakeCompletesAndEchoesOneByte() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())

        let steps = pair.handshake()

        #expect(steps.client == .done)
        #expect(steps.server == .done)
        #expect(pair.client.isHandshakeComplete && pair.server.isHandshakeComplete)
        #expect(pair.client.negotiatedProtocolVersion == "TLSv1.3")
        #expect(pair.echo([0x2A]).received == [0x2A])
    }

    @Test func oneMebibyteEchoSurvivesPartialWritesAndWantWrite() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }

        let report = pair.echo(payload, readChunkBytes: 5000)

        #expect(report.received.count == payload.count)
        #expect(report.received == payload)
        // 1 MiB does not fit the socketpair's buffers, so writers must have waited.
        #expect(report.clientWantWrites + report.serverWantWrites > 0)
    }

    @Test func bufferedPlaintextIsReadableWhileTheSocketIsNot() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))
        let message = [UInt8](repeating: 7, count: 10_000) // one record
        writeAll(message, from: pair.server)

        var buffer = [UInt8](repeating: 0, count: 100)
        let first = buffer.withUnsafeMutableBytes { pair.client.read(into: $0) }

        #expect(first == .bytes(100))
        #expect(pair.client.hasBufferedPlaintext)
        // OpenSSL took the whole record from the kernel: epoll would stay silent.
        #expect(!pollForTests([(pair.sockets.client, Int16(POLLIN))], timeoutMilliseconds: 0))
        let rest = readAvailable(pair.client, chunkBytes: 100)
        #expect(rest.bytes.count == message.count - 100)
        #expect(rest.last == .wantRead)
        #expect(!pair.client.hasBufferedPlaintext)
    }

    @Test func closeNotifyIsSeenAsACleanClose() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))

        #expect(pair.client.shutdown() == .done)
        let serverSees = readAvailable(pair.server)
        #expect(serverSees.bytes.isEmpty)
        #expect(serverSees.last == .closed)
        #expect(pair.server.peerSentCloseNotify)

        // The server answers with its own close_notify, which the client sees too.
        #expect(pair.server.shutdown() == .done)
        #expect(readAvailable(pair.client).last == .closed)
        #expect(pair.client.peerSentCloseNotify)
    }

    @Test func dataBeforeCloseNotifyIsDeliveredFirst() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))

        writeAll(Array("bye".utf8), from: pair.client)
        #expect(pair.client.shutdown() == .done)

        let serverSees = readAvailable(pair.server)
        #expect(serverSees.bytes == Array("bye".utf8))
        #expect(serverSees.last == .closed)
    }

    @Test func tcpEOFWithoutCloseNotifyIsAClosedButNotCleanConnection() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))
        // Take the server's TLS 1.3 session tickets first: closing a socket with
        // unread bytes makes the kernel reset the connection instead.
        #expect(readAvailable(pair.client).last == .wantRead)

        pair.sockets.closeClient()

        #expect(readAvailable(pair.server).last == .closed)
        #expect(!pair.server.peerSentCloseNotify)
        // OpenSSL now forbids further calls; the session answers for it.
        #expect(readAvailable(pair.server).last == .closed)
        #expect(pair.server.shutdown() == .done)
        guard case .failed = [UInt8](repeating: 1, count: 4).withUnsafeBytes({ pair.server.write($0) }) else {
            Issue.record("writing after the peer closed must fail")
            return
        }
    }

    @Test func connectionResetIsAFailureThatNamesECONNRESET() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(
            client: try pki.clientContext(), server: try pki.serverContext(), sockets: try .loopbackTCP())
        #expect(pair.handshake() == (.done, .done))

        pair.sockets.resetClient()
        #expect(pollForTests([(pair.sockets.server, Int16(POLLIN))], timeoutMilliseconds: 5000))
        let result = readAvailable(pair.server).last

        guard case .failed(let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(error.operation == "read")
        #expect(error.message.contains("ECONNRESET"))
        #expect(pair.server.shutdown() == .done)
    }

    @Test func shutdownBeforeTheHandshakeSendsNothing() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())

        #expect(pair.client.shutdown() == .done)
        #expect(!pollForTests([(pair.sockets.server, Int16(POLLIN))], timeoutMilliseconds: 0))
    }

    @Test func emptyWriteIsANoOp() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))

        #expect(pair.client.write(UnsafeRawBufferPointer(start: nil, count: 0)) == .bytes(0))
        #expect(readAvailable(pair.server).last == .wantRead)
    }
}
