/// The authenticated handshake that opens every cluster link: a mutual
/// challenge-response over a shared secret that never crosses the wire.
///
/// The initiator (the side that dialed) and the acceptor exchange four frames:
/// ```
/// initiator                                              acceptor
///   hello      keyID, cluster, my name, name I dialed,
///              my address, my instance, nonce Ni   ───▶  checks cluster, names, key, Ni unseen
///   challenge  ◀───  my name, my address, my instance, nonce Na,
///                    MAC_A = HMAC(K, transcript, author 'A')
///   checks Na unseen, MAC_A, the name it dialed
///   proof      MAC_I = HMAC(K, transcript, author 'I')  ───▶  checks MAC_I
///                                                            (the link keeps one connection per pair)
///   welcome    ◀───  (empty)
/// ```
/// then both sides may send post-handshake frames. Either side may send a
/// `.close` frame with a reason instead of its next message. `K` is the secret
/// of the key id named in the hello; the transcript (see
/// `ClusterHandshakeTranscript`) covers both nonces, the cluster name, both
/// names, addresses and instance ids. Each side proves knowledge of `K` over a
/// nonce the other side just chose, so neither proof can be recorded and
/// replayed, and the author byte keeps one direction's MAC from serving as the
/// other's.
///
/// The acceptor proves first (in the challenge), so an initiator with the
/// wrong secret learns it at once and says so. A stranger thus gets one MAC
/// per connection over inputs it partly chose; HMAC-SHA256 under a 32-byte
/// random secret makes that useless to it.
///
/// What it does not do (use mutual TLS for these): encrypt or authenticate the
/// frames after the handshake. An active man in the middle who relays a
/// genuine handshake can then inject frames; the handshake keeps out nodes
/// that do not hold the secret and replays of recorded handshakes, not a
/// hijacker of the TCP stream. Mutual TLS underneath closes that gap.
///
/// Pure: the link feeds it frames and performs the returned actions. The
/// crypto is injected, and replays/reflections are named with the node's
/// shared `ClusterNonceLedger`.
public struct ClusterHandshakeStateMachine {
    /// Which side of the connection this is.
    public enum Role: Hashable, Sendable {
        /// We dialed; `expectedPeer` is the node we meant to reach, if known.
        case initiator(expectedPeer: String?)
        /// We accepted.
        case acceptor
    }

    /// Where the handshake is.
    public enum State: Hashable, Sendable {
        /// Not started (`start()` not called yet).
        case idle
        /// Acceptor: waiting for the hello.
        case awaitingHello
        /// Initiator: hello sent, waiting for the challenge.
        case awaitingChallenge
        /// Acceptor: challenge sent, waiting for the proof.
        case awaitingProof
        /// Acceptor: the initiator proved itself; the link must accept or refuse.
        case awaitingDecision(ClusterPeer)
        /// Initiator: proof sent, waiting for the welcome.
        case awaitingWelcome(ClusterPeer)
        /// The link is up.
        case established(ClusterPeer)
        /// The handshake failed; the connection is to be closed.
        case failed(ClusterHandshakeError)
    }

    public let role: Role
    public let identity: ClusterLocalIdentity
    public private(set) var state: State = .idle
    /// The key id this handshake proves with, once known.
    public private(set) var keyID: String?

    private let keyring: ClusterKeyring
    private let crypto: ClusterHandshakeCrypto
    private let ledger: ClusterNonceLedger
    private var hello: ClusterHello?
    private var transcript: ClusterHandshakeTranscript?
    /// The acceptor's own MAC, to recognise it if it comes back as the proof.
    private var acceptorMAC: [UInt8]?

    public init(
        role: Role, identity: ClusterLocalIdentity, keyring: ClusterKeyring, crypto: ClusterHandshakeCrypto,
        ledger: ClusterNonceLedger
    ) {
        self.role = role
        self.identity = identity
        self.keyring = keyring
        self.crypto = crypto
        self.ledger = ledger
    }

    /// Whether the handshake has ended, either way.
    public var isFinished: Bool {
        switch state {
        case .established, .failed: true
        default: false
        }
    }

    // MARK: Events

    /// Starts the handshake: the initiator sends its hello, the acceptor waits.
    public mutating func start() -> ClusterHandshakeAction {
        precondition(state == .idle, "start() called twice")
        guard case .initiator(let expected) = role else {
            state = .awaitingHello
            return .wait
        }
        let nonce = freshNonce()
        let hello = ClusterHello(
            keyID: keyring.currentKeyID, clusterName: identity.clusterName, initiatorName: identity.nodeName,
            expectedAcceptorName: expected ?? "", initiatorAddress: identity.address,
            instanceID: identity.instanceID, nonce: nonce)
        self.hello = hello
        keyID = hello.keyID
        state = .awaitingChallenge
        return .send(ClusterFrameEncoder.frame(.hello, payload: hello.payload))
    }

    /// A valid frame arrived before the handshake finished.
    public mutating func received(_ header: ClusterFrameHeader, payload: UnsafeRawBufferPointer) -> ClusterHandshakeAction {
        precondition(state != .idle && !isFinished, "received a frame outside the handshake")
        if header.type == .close {
            return fail(.refusedByPeer(ClusterCloseReason.parse(payload) ?? ClusterCloseReason(rawValue: 0)))
        }
        if header.type.isHandshake, header.channel != .none {
            return fail(.malformedMessage(header.type, field: "channel", problem: "is \(header.channel.rawValue), must be 0"))
        }
        do throws(ClusterWireReader.Failure) {
            switch (state, header.type) {
            case (.awaitingHello, .hello): return receivedHello(try ClusterHello.parse(payload))
            case (.awaitingChallenge, .challenge): return receivedChallenge(try ClusterChallenge.parse(payload))
            case (.awaitingProof, .proof): return receivedProof(try ClusterProof.parse(payload))
            case (.awaitingWelcome(let peer), .welcome):
                guard payload.isEmpty else { return fail(.malformedMessage(.welcome, field: "payload", problem: "is not empty")) }
                state = .established(peer)
                return .established(peer, send: [])
            default: return fail(.unexpectedFrame(header.type))
            }
        } catch {
            return fail(.malformedMessage(header.type, field: error.field, problem: error.problem))
        }
    }

    /// The frame decoder refused the peer's byte stream.
    public mutating func receivedInvalidStream(_ error: ClusterFrameError) -> ClusterHandshakeAction {
        guard !isFinished else { return .wait }
        if case .unsupportedVersion(let version) = error { return fail(.unsupportedVersion(version)) }
        return fail(.malformedFrame(error))
    }

    /// The peer closed the connection.
    public mutating func peerClosed() -> ClusterHandshakeAction {
        guard !isFinished else { return .wait }
        return fail(.peerClosed)
    }

    /// The handshake's time is up.
    public mutating func timedOut() -> ClusterHandshakeAction {
        guard !isFinished else { return .wait }
        return fail(.timedOut)
    }

    /// Acceptor, after `.decide`: keep this connection.
    public mutating func accept() -> ClusterHandshakeAction {
        guard case .awaitingDecision(let peer) = state else { preconditionFailure("accept() without a pending decision") }
        state = .established(peer)
        return .established(peer, send: ClusterFrameEncoder.frame(.welcome))
    }

    /// Refuses the connection (a duplicate, shutting down, too busy): tells the peer why.
    public mutating func refuse(_ reason: ClusterCloseReason) -> ClusterHandshakeAction {
        guard !isFinished else { return .wait }
        return fail(.refusedLocally(reason))
    }

    // MARK: Steps

    private mutating func receivedHello(_ hello: ClusterHello) -> ClusterHandshakeAction {
        guard hello.clusterName == identity.clusterName else { return fail(.clusterMismatch(peerCluster: hello.clusterName)) }
        guard hello.instanceID != identity.instanceID else { return fail(.connectedToSelf) }
        guard hello.initiatorName != identity.nodeName else { return fail(.sameNodeName(hello.initiatorName)) }
        guard hello.expectedAcceptorName.isEmpty || hello.expectedAcceptorName == identity.nodeName else {
            return fail(.wrongNode(expected: hello.expectedAcceptorName))
        }
        keyID = hello.keyID
        guard let secret = keyring.secret(for: hello.keyID) else { return fail(.unknownKey(keyID: hello.keyID)) }
        if let failure = judge(hello.nonce) { return fail(failure) }
        let challengeWithoutMAC = ClusterChallenge(
            acceptorName: identity.nodeName, acceptorAddress: identity.address, instanceID: identity.instanceID,
            nonce: freshNonce(), mac: [UInt8](repeating: 0, count: ClusterHandshakeTranscript.macByteCount))
        let transcript = ClusterHandshakeTranscript(hello: hello, challenge: challengeWithoutMAC)
        var challenge = challengeWithoutMAC
        challenge.mac = transcript.mac(author: .acceptor, secret: secret, crypto: crypto)
        self.hello = hello
        self.transcript = transcript
        acceptorMAC = challenge.mac
        state = .awaitingProof
        return .send(ClusterFrameEncoder.frame(.challenge, payload: challenge.payload))
    }

    private mutating func receivedChallenge(_ challenge: ClusterChallenge) -> ClusterHandshakeAction {
        guard let hello, let secret = keyring.secret(for: hello.keyID) else { preconditionFailure("challenge before hello") }
        if let failure = judge(challenge.nonce) { return fail(failure) }
        let transcript = ClusterHandshakeTranscript(hello: hello, challenge: challenge)
        let expected = transcript.mac(author: .acceptor, secret: secret, crypto: crypto)
        guard crypto.constantTimeEqual(expected, challenge.mac) else { return fail(.authenticationFailed(keyID: hello.keyID)) }
        guard challenge.instanceID != identity.instanceID else { return fail(.connectedToSelf) }
        guard challenge.acceptorName != identity.nodeName else { return fail(.sameNodeName(challenge.acceptorName)) }
        if case .initiator(let wanted?) = role, wanted != challenge.acceptorName {
            return fail(.unexpectedPeer(expected: wanted, actual: challenge.acceptorName))
        }
        let proof = ClusterProof(mac: transcript.mac(author: .initiator, secret: secret, crypto: crypto))
        let peer = ClusterPeer(name: challenge.acceptorName, address: challenge.acceptorAddress, instanceID: challenge.instanceID)
        self.transcript = transcript
        state = .awaitingWelcome(peer)
        return .send(ClusterFrameEncoder.frame(.proof, payload: proof.payload))
    }

    private mutating func receivedProof(_ proof: ClusterProof) -> ClusterHandshakeAction {
        guard let hello, let transcript, let acceptorMAC, let secret = keyring.secret(for: hello.keyID) else {
            preconditionFailure("proof before challenge")
        }
        if crypto.constantTimeEqual(proof.mac, acceptorMAC) { return fail(.reflectedProof) }
        let expected = transcript.mac(author: .initiator, secret: secret, crypto: crypto)
        guard crypto.constantTimeEqual(expected, proof.mac) else { return fail(.authenticationFailed(keyID: hello.keyID)) }
        let peer = ClusterPeer(name: hello.initiatorName, address: hello.initiatorAddress, instanceID: hello.instanceID)
        state = .awaitingDecision(peer)
        return .decide(peer)
    }

    // MARK: Helpers

    private func freshNonce() -> ClusterNonce {
        let bytes = crypto.randomBytes(ClusterNonce.byteCount)
        precondition(bytes.count == ClusterNonce.byteCount, "random source returned \(bytes.count) bytes")
        let nonce = ClusterNonce(bytes: bytes)
        ledger.recordOwn(nonce)
        return nonce
    }

    /// The failure a peer nonce amounts to, if any.
    private func judge(_ nonce: ClusterNonce) -> ClusterHandshakeError? {
        switch ledger.recordPeer(nonce) {
        case .fresh: nil
        case .replayed: .replayedNonce
        case .reflected: .reflectedNonce
        }
    }

    private mutating func fail(_ error: ClusterHandshakeError) -> ClusterHandshakeAction {
        state = .failed(error)
        let send = error.closeReason.map { ClusterFrameEncoder.frame(.close, payload: $0.payload) } ?? []
        return .fail(error, send: send)
    }
}
