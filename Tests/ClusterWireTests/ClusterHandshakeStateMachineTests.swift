@testable import ClusterWire
import Testing

@Suite struct ClusterHandshakeStateMachineTests {
    let a = TestNode("a")
    let b = TestNode("b")

    @Test(arguments: [false, true])
    func handshakeAuthenticatesBothSides(bytewise: Bool) {
        var initiator = a.initiator(expecting: "b")
        var acceptor = b.acceptor()
        let (initiated, accepted, recorded) = handshake(&initiator, &acceptor, bytewise: bytewise)
        let peerA = ClusterPeer(name: "a", address: "10.0.0.1:7946", instanceID: a.identity.instanceID)
        let peerB = ClusterPeer(name: "b", address: "10.0.0.1:7946", instanceID: b.identity.instanceID)
        #expect(initiated == .established(peerB, send: []))
        #expect(accepted == .established(peerA, send: ClusterFrameEncoder.frame(.welcome)))
        #expect(initiator.state == .established(peerB))
        #expect(acceptor.state == .established(peerA))
        #expect(initiator.keyID == "k1" && acceptor.keyID == "k1")
        #expect(recorded.welcome == [0, 0, 0, 4, 1, 4, 0, 0])
    }

    @Test func initiatorWithoutAnExpectedNameReachesAnyNode() {
        var initiator = a.initiator()
        var acceptor = b.acceptor()
        #expect(handshake(&initiator, &acceptor).initiator == .established(ClusterPeer(name: "b", address: "10.0.0.1:7946", instanceID: b.identity.instanceID), send: []))
    }

    @Test func wrongSecretIsCaughtByTheInitiatorAndReportedToTheAcceptor() {
        let stranger = TestNode("a", keyring: try! ClusterKeyring(secret: secretB))
        var initiator = stranger.initiator()
        var acceptor = b.acceptor()
        let (initiated, accepted, _) = handshake(&initiator, &acceptor)
        #expect(initiated == .fail(.authenticationFailed(keyID: "k1"), send: ClusterFrameEncoder.frame(.close, payload: [6])))
        #expect(accepted.failure == .refusedByPeer(.authenticationFailed))
    }

    @Test func aForgedProofIsCaughtByTheAcceptor() {
        var initiator = a.initiator()
        var acceptor = b.acceptor()
        _ = acceptor.start()
        let challenge = deliverOne(initiator.start().bytes, to: &acceptor)
        var proof = deliverOne(challenge.bytes, to: &initiator).bytes
        proof[proof.count - 1] ^= 1
        let verdict = deliverOne(proof, to: &acceptor)
        #expect(verdict == .fail(.authenticationFailed(keyID: "k1"), send: ClusterFrameEncoder.frame(.close, payload: [6])))
        #expect(deliverOne(verdict.bytes, to: &initiator).failure == .refusedByPeer(.authenticationFailed))
    }

    @Test func otherClusterIsRefusedWithItsName() {
        let other = TestNode("a", cluster: "staging")
        var initiator = other.initiator()
        var acceptor = b.acceptor()
        let (initiated, accepted, _) = handshake(&initiator, &acceptor)
        #expect(accepted.failure == .clusterMismatch(peerCluster: "staging"))
        #expect(initiated.failure == .refusedByPeer(.clusterMismatch))
    }

    @Test func unknownKeyIsRefused() {
        let rotated = TestNode("a", keyring: try! ClusterKeyring(keys: ["k2": secretB], currentKeyID: "k2"))
        var initiator = rotated.initiator()
        var acceptor = b.acceptor()
        let (initiated, accepted, _) = handshake(&initiator, &acceptor)
        #expect(accepted.failure == .unknownKey(keyID: "k2"))
        #expect(initiated.failure == .refusedByPeer(.unknownKey))
    }

    @Test func halfRotatedNodesStillConnect() {
        // b has added k2 but still initiates with k1; a already initiates with k2.
        let both = [ "k1": secretA, "k2": secretB ]
        let newer = TestNode("a", keyring: try! ClusterKeyring(keys: both, currentKeyID: "k2"))
        let older = TestNode("b", keyring: try! ClusterKeyring(keys: both, currentKeyID: "k1"))
        var initiator = newer.initiator()
        var acceptor = older.acceptor()
        #expect(handshake(&initiator, &acceptor).initiator.failure == nil)
        #expect(acceptor.keyID == "k2")
        var back = older.initiator()
        var front = newer.acceptor()
        #expect(handshake(&back, &front).initiator.failure == nil)
        #expect(front.keyID == "k1")
    }

    @Test func foreignWireVersionIsRefusedWithTheVersion() {
        var acceptor = b.acceptor()
        _ = acceptor.start()
        var sender = a.initiator()
        var hello = sender.start().bytes
        hello[4] = 2
        #expect(deliver(hello, to: &acceptor) == [.fail(.unsupportedVersion(2), send: ClusterFrameEncoder.frame(.close, payload: [1]))])
    }

    @Test func replayedHelloIsNamedAReplay() {
        var initiator = a.initiator()
        var acceptor = b.acceptor()
        let recorded = handshake(&initiator, &acceptor).recorded
        var second = b.acceptor()
        _ = second.start()
        let verdict = deliverOne(recorded.hello, to: &second)
        #expect(verdict == .fail(.replayedNonce, send: ClusterFrameEncoder.frame(.close, payload: [6])))
    }

    @Test func replayedHandshakeFailsEvenWhenTheLedgerHasForgottenIt() {
        var initiator = a.initiator()
        var acceptor = b.acceptor()
        let recorded = handshake(&initiator, &acceptor).recorded
        var forgetful = TestNode("b", instance: b.identity.instanceID, ledger: ClusterNonceLedger())
        forgetful.crypto = .forTests(seed: 999)  // a restarted process draws new nonces
        var second = forgetful.acceptor()
        _ = second.start()
        guard case .send = deliverOne(recorded.hello, to: &second) else { Issue.record("expected a fresh challenge"); return }
        #expect(deliverOne(recorded.proof, to: &second).failure == .authenticationFailed(keyID: "k1"))
    }

    @Test func challengeCarryingTheInitiatorsOwnNonceIsNamedAReflection() throws {
        var initiator = a.initiator()
        let helloBytes = initiator.start().bytes
        let hello = try helloBytes.withUnsafeBytes { try ClusterHello.parse(UnsafeRawBufferPointer(rebasing: $0[8...])) }
        let reflected = ClusterChallenge(acceptorName: "b", acceptorAddress: "", instanceID: 9, nonce: hello.nonce, mac: [UInt8](repeating: 0, count: 32))
        let verdict = deliverOne(ClusterFrameEncoder.frame(.challenge, payload: reflected.payload), to: &initiator)
        #expect(verdict.failure == .reflectedNonce)
    }

    @Test func proofThatIsTheAcceptorsOwnMACIsNamedAReflection() throws {
        var initiator = a.initiator()
        var acceptor = b.acceptor()
        _ = acceptor.start()
        let challengeBytes = deliverOne(initiator.start().bytes, to: &acceptor).bytes
        let challenge = try challengeBytes.withUnsafeBytes { try ClusterChallenge.parse(UnsafeRawBufferPointer(rebasing: $0[8...])) }
        let verdict = deliverOne(ClusterFrameEncoder.frame(.proof, payload: challenge.mac), to: &acceptor)
        #expect(verdict.failure == .reflectedProof)
    }

    @Test func nodeDialingItselfIsRefused() {
        var initiator = a.initiator()
        var acceptor = a.acceptor()
        let (initiated, accepted, _) = handshake(&initiator, &acceptor)
        #expect(accepted.failure == .connectedToSelf)
        #expect(initiated.failure == .refusedByPeer(.sameNodeName))
    }

    @Test func twoProcessesWithOneNameAreRefused() {
        let twin = TestNode("b", instance: 12345)
        var initiator = twin.initiator()
        var acceptor = b.acceptor()
        #expect(handshake(&initiator, &acceptor).acceptor.failure == .sameNodeName("b"))
    }

    @Test func acceptorDialedUnderAnotherNameRefuses() {
        var initiator = a.initiator(expecting: "c")
        var acceptor = b.acceptor()
        let (initiated, accepted, _) = handshake(&initiator, &acceptor)
        #expect(accepted.failure == .wrongNode(expected: "c"))
        #expect(initiated.failure == .refusedByPeer(.wrongNode))
    }

    @Test func initiatorChecksWhoAnsweredEvenIfTheAcceptorDoesNot() throws {
        var initiator = a.initiator(expecting: "c")
        var acceptor = b.acceptor()
        _ = acceptor.start()
        let helloBytes = initiator.start().bytes
        var hello = try helloBytes.withUnsafeBytes { try ClusterHello.parse(UnsafeRawBufferPointer(rebasing: $0[8...])) }
        hello.expectedAcceptorName = ""
        let challenge = deliverOne(ClusterFrameEncoder.frame(.hello, payload: hello.payload), to: &acceptor)
        // The expected name is checked, not MACed: an acceptor that ignored it (here: the field
        // was blanked in flight) still answers with its real, MAC-bound name, which the initiator checks.
        #expect(deliverOne(challenge.bytes, to: &initiator).failure == .unexpectedPeer(expected: "c", actual: "b"))
    }

    @Test func dataBeforeTheHandshakeIsRefused() {
        var acceptor = b.acceptor()
        _ = acceptor.start()
        let data = ClusterFrameEncoder.frame(.data, channel: .pubSub, payload: [1])
        #expect(deliverOne(data, to: &acceptor) == .fail(.unexpectedFrame(.data), send: ClusterFrameEncoder.frame(.close, payload: [3])))

        var initiator = a.initiator()
        var peer = b.acceptor()
        _ = peer.start()
        let challenge = deliverOne(initiator.start().bytes, to: &peer)
        _ = deliverOne(challenge.bytes, to: &initiator)
        #expect(deliverOne(ClusterFrameEncoder.frame(.ping), to: &initiator).failure == .unexpectedFrame(.ping))
    }

    @Test func outOfOrderHandshakeFramesAreRefused() {
        var acceptor = b.acceptor()
        _ = acceptor.start()
        #expect(deliverOne(ClusterFrameEncoder.frame(.proof, payload: [UInt8](repeating: 1, count: 32)), to: &acceptor).failure == .unexpectedFrame(.proof))
        var initiator = a.initiator()
        _ = initiator.start()
        #expect(deliverOne(ClusterFrameEncoder.frame(.welcome), to: &initiator).failure == .unexpectedFrame(.welcome))
    }

    @Test func malformedHelloNamesTheField() {
        var acceptor = b.acceptor()
        _ = acceptor.start()
        var sender = a.initiator()
        var hello = sender.start().bytes
        hello += [0]
        hello[3] += 1
        #expect(deliverOne(hello, to: &acceptor).failure == .malformedMessage(.hello, field: "end", problem: "1 unexpected trailing bytes"))

        var second = b.acceptor()
        _ = second.start()
        let badName: [UInt8] = [2] + Array("k1".utf8) + [5] + Array("ro st".utf8)
        #expect(deliverOne(ClusterFrameEncoder.frame(.hello, payload: badName), to: &second).failure == .malformedMessage(.hello, field: "cluster name", problem: "has invalid characters or length 5"))

        var third = b.acceptor()
        _ = third.start()
        #expect(deliverOne(ClusterFrameEncoder.frame(.hello, payload: [2, 0x6B]), to: &third).failure == .malformedMessage(.hello, field: "key id", problem: "is cut short (1 of 2 bytes)"))
    }

    @Test func handshakeFrameOnAChannelIsMalformed() {
        var acceptor = b.acceptor()
        _ = acceptor.start()
        var sender = a.initiator()
        var hello = sender.start().bytes
        hello[6] = 1
        #expect(deliverOne(hello, to: &acceptor).failure == .malformedMessage(.hello, field: "channel", problem: "is 1, must be 0"))
    }

    @Test func timeoutFailsAndTellsThePeer() {
        var initiator = a.initiator()
        _ = initiator.start()
        #expect(initiator.timedOut() == .fail(.timedOut, send: ClusterFrameEncoder.frame(.close, payload: [11])))
        #expect(initiator.timedOut() == .wait)
    }

    @Test func acceptorCanRefuseAnAuthenticatedDuplicate() {
        var initiator = a.initiator()
        var acceptor = b.acceptor()
        _ = acceptor.start()
        let challenge = deliverOne(initiator.start().bytes, to: &acceptor)
        let proof = deliverOne(challenge.bytes, to: &initiator)
        guard case .decide(let peer) = deliverOne(proof.bytes, to: &acceptor) else { Issue.record("expected a decision"); return }
        #expect(peer.name == "a")
        let refusal = acceptor.refuse(.duplicateConnection)
        #expect(refusal == .fail(.refusedLocally(.duplicateConnection), send: ClusterFrameEncoder.frame(.close, payload: [8])))
        #expect(deliverOne(refusal.bytes, to: &initiator).failure == .refusedByPeer(.duplicateConnection))
    }

    @Test func truncatedOrGarbageStreamFailsAsMalformed() {
        var acceptor = b.acceptor()
        _ = acceptor.start()
        #expect(acceptor.receivedInvalidStream(.zeroLength) == .fail(.malformedFrame(.zeroLength), send: ClusterFrameEncoder.frame(.close, payload: [2])))
        var other = b.acceptor()
        _ = other.start()
        #expect(other.peerClosed() == .fail(.peerClosed, send: []))
    }
}
