import Reactor
import Testing
@testable import Cluster

/// Peers that fail authentication, replay or reflect handshakes, or send
/// garbage are refused, counted and logged; established links carry on.
@Suite(.serialized) struct ClusterLinkSecurityTests {
    /// Two linked good nodes, to check that nothing below disturbs them.
    static func goodPair(_ nodes: Nodes) throws -> (TestNode, TestNode) {
        let a = nodes.add(try TestNode("a"))
        let b = nodes.add(try TestNode("b"))
        a.connect(to: b)
        #expect(eventually { a.isConnected(to: "b") && b.isConnected(to: "a") })
        return (a, b)
    }

    /// The good pair is still linked, never dropped, and still talks.
    static func expectUndisturbed(_ a: TestNode, _ b: TestNode, _ note: String) {
        #expect(a.state.withLock { !$0.disconnected.contains { $0.peer.name == "b" } })
        #expect(b.state.withLock { $0.disconnected.isEmpty })
        #expect(a.isConnected(to: "b") && b.isConnected(to: "a"))
        #expect(a.send(note, to: "b") == .queued)
        #expect(eventually { b.received(from: "a").contains(note) })
    }

    static func handshakeError(_ node: TestNode) -> [ClusterHandshakeError] {
        node.state.withLock { $0.log.compactMap { if case .handshakeFailed(_, _, _, let error) = $0 { error } else { nil } } }
    }

    @Test func nodeWithTheWrongSecretIsRefusedAndLoggedBothWays() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let mallory = nodes.add(try TestNode("m", secret: wrongSecret))
        // a dials mallory: a checks mallory's proof (the challenge) and refuses.
        a.connect(to: mallory)
        #expect(eventually { a.counters.authenticationFailures >= 1 })
        #expect(Self.handshakeError(a).contains(.authenticationFailed(keyID: "k1")))
        #expect(eventually { mallory.counters.handshakesRefusedByPeer >= 1 })
        // mallory dials b: mallory finds b's proof wrong and says so; b logs the refusal.
        mallory.connect(to: b)
        #expect(eventually { Self.handshakeError(b).contains(.refusedByPeer(.authenticationFailed)) })
        #expect(!a.isConnected(to: "m") && !b.isConnected(to: "m"))
        #expect(a.state.withLock { $0.log.allSatisfy { !$0.description.contains("5c5c5c") && !$0.description.contains("92, 92") } })
        Self.expectUndisturbed(a, b, "after mallory")
    }

    @Test func forgedProofOverRawTCPIsRefused() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let raw = try RawPeer(port: a.port)
        // A genuine hello, then 32 bytes of guesswork instead of the proof.
        var machine = ClusterHandshakeStateMachine(
            role: .initiator(expectedPeer: nil),
            identity: ClusterLocalIdentity(clusterName: "roost", nodeName: "m", address: "", instanceID: 99),
            keyring: try ClusterKeyring(secret: wrongSecret), crypto: .openSSL, ledger: ClusterNonceLedger())
        guard case .send(let hello) = machine.start() else { Issue.record("no hello"); return }
        raw.send(hello)
        #expect(raw.readFrame()?.type == .challenge)
        raw.send(ClusterFrameEncoder.frame(.proof, payload: [UInt8](repeating: 0x42, count: 32)))
        #expect(raw.readUntilClosed().closeReason == .authenticationFailed)
        #expect(a.counters.authenticationFailures == 1)
        #expect(Self.handshakeError(a) == [.authenticationFailed(keyID: "k1")])
        Self.expectUndisturbed(a, b, "after forged proof")
    }

    @Test func nodeOfAnotherClusterIsRefusedWithItsName() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let stranger = nodes.add(try TestNode("s", cluster: "staging"))
        stranger.connect(to: a)
        #expect(eventually { a.counters.clusterMismatches == 1 })
        #expect(Self.handshakeError(a) == [.clusterMismatch(peerCluster: "staging")])
        #expect(eventually { Self.handshakeError(stranger).contains(.refusedByPeer(.clusterMismatch)) })
        Self.expectUndisturbed(a, b, "after stranger")
    }

    @Test func replayedCapturedHandshakeIsRefused() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        // Capture: a genuine node "x" gets in over raw TCP and leaves.
        let genuine = try RawPeer(port: a.port)
        guard case .established = genuine.handshake(as: "x") else { Issue.record("genuine x refused"); return }
        let captured = genuine.sent
        #expect(eventually { a.isConnected(to: "x") })
        genuine.shutdownWrite()
        #expect(eventually { !a.isConnected(to: "x") })
        // Replay: everything x sent, at once, on a new connection.
        let replay = try RawPeer(port: a.port)
        replay.send(captured)
        #expect(replay.readUntilClosed().closeReason == .authenticationFailed)
        #expect(a.counters.replaysRefused == 1)
        #expect(Self.handshakeError(a) == [.replayedNonce])
        #expect(a.state.withLock { $0.connected.filter { $0.name == "x" }.count } == 1)
        Self.expectUndisturbed(a, b, "after replay")
    }

    @Test func reflectedNonceIsRefused() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        // Open a handshake to learn a nonce of a's, then offer it back to a as ours.
        let first = try RawPeer(port: a.port)
        var machine = ClusterHandshakeStateMachine(
            role: .initiator(expectedPeer: nil),
            identity: ClusterLocalIdentity(clusterName: "roost", nodeName: "m", address: "", instanceID: 5),
            keyring: try ClusterKeyring(secret: wrongSecret), crypto: .openSSL, ledger: ClusterNonceLedger())
        guard case .send(let hello) = machine.start() else { Issue.record("no hello"); return }
        first.send(hello)
        let challenge = try #require(first.readFrame())
        let acceptorNonce = Array(challenge.payload[(challenge.payload.count - 64)..<(challenge.payload.count - 32)])
        let reflected = ClusterHello(
            keyID: "k1", clusterName: "roost", initiatorName: "m", expectedAcceptorName: "", initiatorAddress: "",
            instanceID: 6, nonce: ClusterNonce(bytes: acceptorNonce))
        let second = try RawPeer(port: a.port)
        second.send(ClusterFrameEncoder.frame(.hello, payload: reflected.payload))
        #expect(second.readUntilClosed().closeReason == .authenticationFailed)
        #expect(a.counters.reflectionsRefused == 1)
        #expect(Self.handshakeError(a).contains(.reflectedNonce))
        Self.expectUndisturbed(a, b, "after reflection")
    }

    @Test func garbageBeforeTheHandshakeIsRefused() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let http = try RawPeer(port: a.port)
        http.send(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(http.readUntilClosed().closeReason == .malformed)
        #expect(a.counters.oversizedFrames == 1)  // "GET " read as a length is about 1.2 GB
        let zero = try RawPeer(port: a.port)
        zero.send([0, 0, 0, 0, 1, 1, 0, 0])
        #expect(zero.readUntilClosed().closeReason == .malformed)
        #expect(a.counters.malformedFrames == 1)
        let future = try RawPeer(port: a.port)
        future.send([0, 0, 0, 4, 2, 1, 0, 0])
        #expect(future.readUntilClosed().closeReason == .unsupportedVersion)
        #expect(a.counters.versionMismatches == 1)
        #expect(Self.handshakeError(a).contains(.unsupportedVersion(2)))
        Self.expectUndisturbed(a, b, "after garbage")
    }

    @Test func dataBeforeTheHandshakeIsRefused() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let raw = try RawPeer(port: a.port)
        raw.send(ClusterFrameEncoder.frame(.data, channel: .pubSub, payload: Array("let me in".utf8)))
        #expect(raw.readUntilClosed().closeReason == .unexpectedFrame)
        #expect(a.counters.framesBeforeHandshake == 1)
        #expect(a.state.withLock { $0.received.isEmpty })
        Self.expectUndisturbed(a, b, "after early data")
    }

    @Test func truncatedFramesAreCountedBeforeAndAfterTheHandshake() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let early = try RawPeer(port: a.port)
        early.send([0, 0, 0, 40, 1, 1, 0])
        early.shutdownWrite()
        _ = early.readUntilClosed()
        #expect(eventually { a.counters.truncatedFrames == 1 })
        let insider = try RawPeer(port: a.port)
        guard case .established = insider.handshake(as: "x") else { Issue.record("x refused"); return }
        insider.send(Array(ClusterFrameEncoder.frame(.data, channel: .pubSub, payload: [1, 2, 3, 4]).prefix(10)))
        insider.shutdownWrite()
        #expect(eventually { a.counters.truncatedFrames == 2 })
        #expect(eventually { a.state.withLock { $0.disconnected.map(\.reason) } == [.connectionLost] })
        #expect(a.state.withLock { $0.received.filter { $0.from == "x" }.isEmpty })
        #expect(a.state.withLock { $0.disconnected.allSatisfy { $0.peer.name == "x" } } && b.state.withLock { $0.disconnected.isEmpty })
    }

    @Test func oversizedFrameFromAnAuthenticatedPeerDropsOnlyThatPeer() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let insider = try RawPeer(port: a.port)
        guard case .established = insider.handshake(as: "x") else { Issue.record("x refused"); return }
        var header: [UInt8] = []
        ClusterFrameEncoder.appendHeader(ClusterFrameHeader(type: .data, channel: .pubSub, payloadByteCount: (1 << 20) + 1), to: &header)
        insider.send(header)
        #expect(insider.readUntilClosed().closeReason == .malformed)
        #expect(a.counters.oversizedFrames == 1)
        #expect(eventually { a.state.withLock { $0.disconnected.map(\.reason) } == [.protocolViolation] })
        #expect(a.logged { if case .protocolViolation(_, let peer, _) = $0 { peer.hasPrefix("x@") } else { false } })
        Self.expectUndisturbed(a, b, "after oversized")
    }

    @Test func handshakeFramesAfterTheHandshakeAreViolations() throws {
        let nodes = Nodes()
        let (a, b) = try Self.goodPair(nodes)
        let insider = try RawPeer(port: a.port)
        guard case .established = insider.handshake(as: "x") else { Issue.record("x refused"); return }
        insider.send(ClusterFrameEncoder.frame(.ping, payload: [7, 8, 9]))
        let pong = try #require(insider.readFrame())
        #expect(pong.type == .pong && pong.payload == [7, 8, 9])
        insider.send(ClusterFrameEncoder.frame(.hello, payload: []))
        #expect(insider.readUntilClosed().closeReason == .unexpectedFrame)
        #expect(a.counters.protocolViolations == 1)
        Self.expectUndisturbed(a, b, "after violation")
    }

    @Test func silentConnectionTimesOutInTheHandshake() throws {
        let nodes = Nodes()
        let a = nodes.add(try TestNode("a") { $0.handshakeTimeout = .milliseconds(100) })
        let raw = try RawPeer(port: a.port)
        #expect(raw.readUntilClosed().closeReason == .handshakeTimeout)
        #expect(a.counters.handshakeTimeouts == 1)
        #expect(Self.handshakeError(a) == [.timedOut])
    }

    @Test func silentLinkIsPingedThenDropped() throws {
        let nodes = Nodes()
        let a = nodes.add(try TestNode("a") {
            $0.pingInterval = .milliseconds(20)
            $0.idleTimeout = .milliseconds(200)
        })
        let insider = try RawPeer(port: a.port)
        guard case .established = insider.handshake(as: "x") else { Issue.record("x refused"); return }
        let result = insider.readUntilClosed()
        #expect(result.frames.first == .ping)
        #expect(result.closeReason == .idleTimeout)
        #expect(a.counters.idleTimeouts == 1)
        #expect(eventually { a.state.withLock { $0.disconnected.map(\.reason) } == [.idleTimeout] })
    }

    @Test func peerThatNeverReadsIsDroppedAtTheQueueCap() throws {
        let nodes = Nodes()
        let a = nodes.add(try TestNode("a") {
            $0.maxPayloadBytes = 16 * 1024
            $0.maxQueuedBytes = 256 * 1024
            $0.pauseReadingQueuedBytes = 64 * 1024
        })
        let sluggard = try RawPeer(port: a.port)
        sluggard.setSmallReceiveBuffer()
        guard case .established = sluggard.handshake(as: "x") else { Issue.record("x refused"); return }
        let chunk = [UInt8](repeating: 0xEE, count: 16 * 1024)
        var result = ClusterSendResult.queued
        var sends = 0
        // One send per loop iteration, so the kernel's buffers fill first and
        // only then does the queue grow to the cap.
        while result == .queued, sends < 100_000 {
            result = a.run { $0.send(chunk, channel: .stateSync, to: "x") }
            sends += 1
        }
        #expect(result == .peerTooSlow)
        #expect(a.counters.slowPeersDropped == 1)
        #expect(eventually { a.state.withLock { $0.disconnected.map(\.reason) } == [.slowPeer] })
        #expect(a.run { $0.send(chunk, channel: .stateSync, to: "x") } == .notConnected)
        #expect(a.logged { if case .slowPeerDropped = $0 { true } else { false } })
    }

    @Test func handshakeFloodIsCappedAtAccept() throws {
        let nodes = Nodes()
        let a = nodes.add(try TestNode("a") { $0.maxPendingHandshakes = 2 })
        let first = try RawPeer(port: a.port), second = try RawPeer(port: a.port)
        #expect(eventually { a.counters.connectionsAccepted == 2 })
        let third = try RawPeer(port: a.port)
        #expect(third.readFrame() == nil)
        #expect(a.counters.acceptsRefusedBusy == 1)
        _ = (first, second)
    }
}
