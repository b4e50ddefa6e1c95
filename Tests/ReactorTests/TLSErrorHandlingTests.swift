// Failures stay typed, explanatory and confined to the connection they belong to.
import COpenSSL
import Foundation
import Testing
@testable import Reactor

@Suite struct TLSErrorHandlingTests {
    @Test func garbageInsteadOfAClientHelloFailsOnlyThatHandshake() throws {
        let pki = try TLSTestPKI()
        let serverContext = try pki.serverContext()
        let sockets = try SocketPairForTests.unix()
        let victim = try TLSSession(context: serverContext, fileDescriptor: sockets.server, serverName: nil)
        #expect(sockets.writeRawFromClient(Array("GET / HTTP/1.1\r\nHost: roost\r\n\r\n".utf8)) > 0)

        let step = victim.handshake()

        guard case .failed(let error) = step else {
            Issue.record("expected a failed handshake, got \(step)")
            return
        }
        #expect(error.operation == "handshake")
        #expect(error.message.contains("SSL routines"))
        #expect(error.description.hasPrefix("TLS handshake failed: "))
        #expect(victim.handshake() == step, "a failed session keeps answering with its failure")
        #expect(TLSErrorQueue.isEmpty)
        // The shared context is unharmed: a second session on it works.
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: serverContext)
        #expect(pair.handshake() == (.done, .done))
        #expect(pair.echo([1, 2, 3]).received == [1, 2, 3])
    }

    // Synchronous on purpose: the error queue is per thread, so the whole test
    // must run on one.
    @Test func staleErrorOnTheThreadQueueDoesNotTurnWantReadIntoFailure() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))
        leaveStaleErrorOnThisThread()

        // Without ERR_clear_error first, SSL_get_error would report SSL_ERROR_SSL here.
        #expect(readAvailable(pair.server).last == .wantRead)
        #expect(TLSErrorQueue.isEmpty)
    }

    @Test func failureMessagesCarryOnlyTheirOwnConnectionsErrors() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext())
        #expect(pair.handshake() == (.done, .done))
        // A forged application-data record (bypassing the client session) that cannot decrypt.
        let forged: [UInt8] = [0x17, 0x03, 0x03, 0x00, 0x20] + [UInt8](repeating: 0xA5, count: 0x20)
        #expect(pair.sockets.writeRawFromClient(forged) == forged.count)
        // Not the handshake: OpenSSL's handshake state machine clears the queue
        // on its own, reads do not.
        leaveStaleErrorOnThisThread()

        guard case .failed(let error) = readAvailable(pair.server).last else {
            Issue.record("a forged record must fail the read")
            return
        }

        #expect(error.operation == "read")
        #expect(error.message.contains("SSL routines"))
        #expect(!error.message.contains("roost-stale-error"))
        #expect(!error.message.contains("BIO routines"))
        #expect(TLSErrorQueue.isEmpty, "the failure's own errors are drained too")
    }

    @Test func missingCertificateChainIsReportedWithItsPath() throws {
        let pki = try TLSTestPKI()
        let missing = pki.path("missing.pem")

        let error = try #require(throws: TLSError.self) {
            try TLSContext.server(certificateChainPath: missing, privateKeyPath: pki.serverKeyPath)
        }

        #expect(error.operation == "load certificate chain \(missing)")
        #expect(error.message.contains("No such file or directory"))
        #expect(TLSErrorQueue.isEmpty)
    }

    @Test func privateKeyOfAnotherCertificateIsReportedAsAMismatch() throws {
        let pki = try TLSTestPKI()

        let error = try #require(throws: TLSError.self) {
            try TLSContext.server(certificateChainPath: pki.serverChainPath, privateKeyPath: pki.clientKeyPath)
        }

        #expect(error.operation == "check private key \(pki.clientKeyPath)")
        #expect(error.message.contains("does not belong to the certificate"))
    }

    @Test func certificateInPlaceOfAPrivateKeyIsReported() throws {
        let pki = try TLSTestPKI()

        let error = try #require(throws: TLSError.self) {
            try TLSContext.server(certificateChainPath: pki.serverChainPath, privateKeyPath: pki.serverChainPath)
        }

        #expect(error.operation == "load private key \(pki.serverChainPath)")
    }

    @Test func alpnNamesMustBeOneTo255Bytes() throws {
        #expect(try TLSContext.alpnWireFormat(["h2", "roost/1"]) == [2] + Array("h2".utf8) + [7] + Array("roost/1".utf8))
        #expect(throws: TLSError.self) { try TLSContext.alpnWireFormat([""]) }
        #expect(throws: TLSError.self) { try TLSContext.alpnWireFormat([String(repeating: "x", count: 256)]) }
    }

    @Test(arguments: [
        (TLSCallReport(sslError: SSL_ERROR_NONE, bytes: 5), TLSCallOutcome.success(bytes: 5)),
        (TLSCallReport(sslError: SSL_ERROR_WANT_READ), .wantRead),
        (TLSCallReport(sslError: SSL_ERROR_WANT_WRITE), .wantWrite),
        (TLSCallReport(sslError: SSL_ERROR_ZERO_RETURN), .closed(cleanly: true)),
        (TLSCallReport(sslError: SSL_ERROR_SYSCALL, systemErrno: 0), .closed(cleanly: false)),
        (TLSCallReport(sslError: SSL_ERROR_SSL, unexpectedEOF: true, message: "unexpected eof"), .closed(cleanly: false)),
        (
            TLSCallReport(sslError: SSL_ERROR_SYSCALL, systemErrno: ECONNRESET),
            .failed(TLSError(operation: "read", message: "connection reset by peer (ECONNRESET)"))
        ),
        (
            TLSCallReport(sslError: SSL_ERROR_SSL, message: "error:0A00010B:SSL routines::wrong version number"),
            .failed(TLSError(operation: "read", message: "error:0A00010B:SSL routines::wrong version number"))
        ),
    ])
    func sslGetErrorResultsMapToOutcomes(report: TLSCallReport, expected: TLSCallOutcome) {
        #expect(TLSCallOutcome.classify(report, operation: "read") == expected)
    }

    /// Leaves an unrelated failure on this thread's error queue, as careless
    /// code elsewhere in the process might.
    private func leaveStaleErrorOnThisThread() {
        #expect(BIO_new_file("/nonexistent/roost-stale-error", "r") == nil)
        #expect(!TLSErrorQueue.isEmpty)
    }
}
