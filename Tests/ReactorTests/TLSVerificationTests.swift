// Who may talk to whom: server names, trust roots, client certificates, ALPN.
import Foundation
import Testing
@testable import Reactor

@Suite struct TLSVerificationTests {
    @Test func clientAcceptsACertificateForTheServerName() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext(), serverName: "localhost")

        #expect(pair.handshake() == (.done, .done))
        #expect(pair.client.peerCertificateSubject == "CN=localhost,O=Roost")
        #expect(pair.server.peerCertificateSubject == nil)
    }

    @Test func clientAcceptsACertificateForTheServerIPAddress() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext(), serverName: "127.0.0.1")

        #expect(pair.handshake() == (.done, .done))
    }

    @Test func clientRefusesACertificateForAnotherName() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(
            client: try pki.clientContext(), server: try pki.serverContext(), serverName: "game.example.com")

        let steps = pair.handshake()

        let error = try #require(failure(of: steps.client))
        #expect(error.operation == "handshake")
        #expect(error.message.contains("certificate verify failed"))
        #expect(error.message.contains("hostname mismatch"))
        // The client's alert ends the server's handshake too.
        #expect(failure(of: steps.server) != nil)
    }

    @Test func clientRefusesACertificateFromAnUntrustedRoot() throws {
        let pki = try TLSTestPKI()
        let client = try TLSContext.client(trustRootsPath: pki.otherCAPath)
        let pair = try TLSSessionPair(client: client, server: try pki.serverContext())

        let error = try #require(failure(of: pair.handshake().client))

        #expect(error.message.contains("unable to get local issuer certificate"))
    }

    @Test func clientWithoutVerificationAcceptsAnyCertificate() throws {
        let pki = try TLSTestPKI()
        let client = try TLSContext.client(trustRootsPath: pki.otherCAPath, verifyPeer: false)
        let pair = try TLSSessionPair(client: client, server: try pki.serverContext(), serverName: "wrong.example")

        #expect(pair.handshake() == (.done, .done))
    }

    @Test func clientContextRefusesAMissingTrustRootsFile() throws {
        let pki = try TLSTestPKI()
        let missing = pki.path("no-such-roots.pem")

        let error = try #require(throws: TLSError.self) { try TLSContext.client(trustRootsPath: missing) }

        #expect(error.operation == "load trust roots \(missing)")
    }

    @Test func clientContextLoadsSystemDefaultRoots() throws {
        _ = try TLSContext.client(trustRootsPath: nil)
    }

    @Test func mutualTLSServerSeesTheClientCertificateSubject() throws {
        let pki = try TLSTestPKI()
        let client = try pki.clientContext(certificate: (pki.clientChainPath, pki.clientKeyPath))
        let pair = try TLSSessionPair(client: client, server: try pki.serverContext(requireClientCertificate: true))

        #expect(pair.handshake() == (.done, .done))
        #expect(pair.server.peerCertificateSubject == "CN=roost-test-client,O=Roost")
        #expect(pair.echo(Array("hello".utf8)).received == Array("hello".utf8))
    }

    @Test func mutualTLSServerRefusesAClientWithoutCertificate() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext(requireClientCertificate: true))

        let steps = pair.handshake()

        let serverError = try #require(failure(of: steps.server))
        #expect(serverError.message.contains("peer did not return a certificate"))
        // In TLS 1.3 the client finishes before the server judges its
        // certificate; it learns of the refusal from the alert on its next read.
        #expect(steps.client == .done)
        #expect(pollForTests([(pair.sockets.client, Int16(POLLIN))], timeoutMilliseconds: 5000))
        guard case .failed(let clientError) = readAvailable(pair.client).last else {
            Issue.record("the client must see the server's alert as a failed read")
            return
        }
        #expect(clientError.message.contains("certificate required"))
    }

    @Test func mutualTLSServerRefusesAClientCertificateFromAnotherRoot() throws {
        let pki = try TLSTestPKI()
        let client = try pki.clientContext(certificate: (pki.strangerChainPath, pki.strangerKeyPath))
        let pair = try TLSSessionPair(client: client, server: try pki.serverContext(requireClientCertificate: true))

        let serverError = try #require(failure(of: pair.handshake().server))

        #expect(serverError.message.contains("certificate verify failed"))
        #expect(serverError.message.contains("unable to get local issuer certificate"))
    }

    @Test func alpnPicksTheServersFirstProtocolThatTheClientOffers() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(
            client: try pki.clientContext(alpn: ["http/1.1", "roost/1"]),
            server: try pki.serverContext(alpn: ["roost/1", "http/1.1"]))

        #expect(pair.handshake() == (.done, .done))
        #expect(pair.client.negotiatedALPN == "roost/1")
        #expect(pair.server.negotiatedALPN == "roost/1")
    }

    @Test func alpnWithoutACommonProtocolFailsTheHandshake() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(
            client: try pki.clientContext(alpn: ["h2"]), server: try pki.serverContext(alpn: ["roost/1"]))

        let steps = pair.handshake()

        #expect(failure(of: steps.server) != nil)
        let clientError = try #require(failure(of: steps.client))
        #expect(clientError.message.contains("no application protocol"))
    }

    @Test func alpnIsAbsentWhenTheClientOffersNone() throws {
        let pki = try TLSTestPKI()
        let pair = try TLSSessionPair(client: try pki.clientContext(), server: try pki.serverContext(alpn: ["roost/1"]))

        #expect(pair.handshake() == (.done, .done))
        #expect(pair.client.negotiatedALPN == nil)
        #expect(pair.server.negotiatedALPN == nil)
    }

    private func failure(of step: TLSStep) -> TLSError? {
        if case .failed(let error) = step { return error }
        return nil
    }
}
