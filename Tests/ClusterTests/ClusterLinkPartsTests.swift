import Testing
@testable import Cluster

/// The pure pieces of the shell: tie-break, backoff, addresses, OpenSSL crypto.
@Suite struct ClusterLinkPartsTests {
    @Test func tieBreakKeepsTheLinkTheSmallerNameDialedOnBothEnds() {
        // Link 1 dialed by a, link 2 dialed by b; each end sees the other link as the candidate once.
        #expect(ClusterTieBreak.keepsCandidate(candidateInitiator: "a", existingInitiator: "b", localName: "a", peerName: "b"))
        #expect(ClusterTieBreak.keepsCandidate(candidateInitiator: "a", existingInitiator: "b", localName: "b", peerName: "a"))
        #expect(!ClusterTieBreak.keepsCandidate(candidateInitiator: "b", existingInitiator: "a", localName: "a", peerName: "b"))
        #expect(!ClusterTieBreak.keepsCandidate(candidateInitiator: "b", existingInitiator: "a", localName: "b", peerName: "a"))
        // The same node dialed twice: its newer link wins.
        #expect(ClusterTieBreak.keepsCandidate(candidateInitiator: "b", existingInitiator: "b", localName: "a", peerName: "b"))
    }

    @Test func backoffGrowsToTheCapWithJitterInTheUpperHalf() {
        let backoff = ClusterBackoff(initialDelay: .milliseconds(100), maximumDelay: .seconds(5))
        #expect(backoff.delay(attempt: 0, unitRandom: 0) == .milliseconds(50))
        #expect(backoff.delay(attempt: 0, unitRandom: 0.5) == .milliseconds(75))
        #expect(backoff.delay(attempt: 3, unitRandom: 0) == .milliseconds(400))
        #expect(backoff.delay(attempt: 6, unitRandom: 0) == .milliseconds(2500))
        #expect(backoff.delay(attempt: 1000, unitRandom: 0.999_999) <= .seconds(5))
        #expect(backoff.delay(attempt: 1000, unitRandom: 0) == .milliseconds(2500))
    }

    @Test func peerAddressesParseHostPortAndIPv6() {
        #expect(ClusterPeerAddress("10.0.0.2:7946") == ClusterPeerAddress(host: "10.0.0.2", port: 7946))
        #expect(ClusterPeerAddress("[::1]:7946", name: "b")?.hostPort == "[::1]:7946")
        #expect(ClusterPeerAddress("node-2.roost.svc:7946")?.host == "node-2.roost.svc")
        #expect(ClusterPeerAddress("::1:7946") == nil)
        #expect(ClusterPeerAddress("host") == nil)
        #expect(ClusterPeerAddress("host:0") == nil)
        #expect(ClusterPeerAddress("host:70000") == nil)
    }

    /// OpenSSL's HMAC gives the transcript vector ClusterWireTests pins
    /// (RFC 4231 case 2 first, to be sure of the binding itself).
    @Test func openSSLCryptoMatchesTheVectors() {
        let crypto = ClusterHandshakeCrypto.openSSL
        let rfc = crypto.hmacSHA256(Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
        #expect(rfc.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let transcript = ClusterHandshakeTranscript(
            hello: ClusterHello(
                keyID: "k1", clusterName: "roost", initiatorName: "a", expectedAcceptorName: "b",
                initiatorAddress: "10.0.0.1:7946", instanceID: 1, nonce: ClusterNonce(bytes: [UInt8](repeating: 1, count: 32))),
            challenge: ClusterChallenge(
                acceptorName: "b", acceptorAddress: "10.0.0.2:7946", instanceID: 2,
                nonce: ClusterNonce(bytes: [UInt8](repeating: 2, count: 32)), mac: [UInt8](repeating: 0, count: 32)))
        let mac = transcript.mac(author: .acceptor, secret: [UInt8](repeating: 0xA1, count: 32), crypto: crypto)
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "da15fd415b6687bb6be9f7f9a2c20c630f0157726645770fc524184a48d2a462")
        #expect(crypto.constantTimeEqual(mac, mac) && !crypto.constantTimeEqual(mac, rfc) && !crypto.constantTimeEqual(mac, []))
        #expect(crypto.randomBytes(32) != crypto.randomBytes(32))
    }
}
