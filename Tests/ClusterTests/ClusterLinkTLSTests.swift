import Reactor
import Testing
@testable import Cluster

/// The link under mutual TLS: certificates from the cluster CA both ways,
/// then the same authenticated handshake inside.
@Suite(.serialized) struct ClusterLinkTLSTests {
    static func tls(_ pki: ClusterTestPKI, certificate: String = "node", verifyHostName: Bool = false) throws -> ClusterTLSConfiguration {
        try ClusterTLSConfiguration.mutual(
            certificateChainPath: pki.path("\(certificate).pem"), privateKeyPath: pki.path("\(certificate).key"),
            trustRootsPath: pki.path("ca.pem"), verifyHostName: verifyHostName)
    }

    @Test func nodesLinkAndTalkOverMutualTLS() throws {
        let pki = try ClusterTestPKI()
        let nodes = Nodes()
        let a = nodes.add(try TestNode("a") { $0.tls = try! Self.tls(pki, verifyHostName: true) })
        let b = nodes.add(try TestNode("b") { $0.tls = try! Self.tls(pki) })
        a.connect(to: b)
        #expect(eventually { a.isConnected(to: "b") && b.isConnected(to: "a") })
        let big = String(repeating: "x", count: 100_000)  // several TLS records
        #expect(a.send(big, to: "b") == .queued && b.send("back", to: "a") == .queued)
        #expect(eventually { b.received(from: "a") == [big] && a.received(from: "b") == ["back"] })
        #expect(a.logged { if case .peerConnected(_, _, _, true) = $0 { true } else { false } })
    }

    @Test func certificateFromAnotherCAIsRefusedAndGoodLinksCarryOn() throws {
        let pki = try ClusterTestPKI()
        let nodes = Nodes()
        let a = nodes.add(try TestNode("a") { $0.tls = try! Self.tls(pki) })
        let b = nodes.add(try TestNode("b") { $0.tls = try! Self.tls(pki) })
        a.connect(to: b)
        #expect(eventually { a.isConnected(to: "b") })
        // Right secret, wrong CA: TLS refuses it before the handshake runs.
        let stranger = nodes.add(try TestNode("s") { $0.tls = try! Self.tls(pki, certificate: "stranger") })
        stranger.connect(to: a)
        #expect(eventually { a.counters.tlsHandshakeFailures + stranger.counters.tlsHandshakeFailures >= 1 })
        #expect(eventually { !a.isConnected(to: "s") })
        #expect(a.counters.handshakesCompleted == 1)
        // A plain-TCP node cannot talk to a TLS listener either.
        let plain = nodes.add(try TestNode("p"))
        plain.connect(to: a)
        #expect(eventually { a.counters.tlsHandshakeFailures >= 1 && plain.counters.handshakesCompleted == 0 })
        #expect(!a.isConnected(to: "p"))
        #expect(a.send("still here", to: "b") == .queued)
        #expect(eventually { b.received(from: "a") == ["still here"] })
    }
}
