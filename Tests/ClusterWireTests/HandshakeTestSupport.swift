@testable import ClusterWire

let secretA = [UInt8](repeating: 0xA1, count: 32)
let secretB = [UInt8](repeating: 0xB2, count: 32)

/// One node's handshake setup: identity, keys, deterministic crypto, ledger.
struct TestNode {
    var identity: ClusterLocalIdentity
    var keyring: ClusterKeyring
    var crypto: ClusterHandshakeCrypto
    let ledger: ClusterNonceLedger

    init(_ name: String, cluster: String = "roost", instance: UInt64? = nil, keyring: ClusterKeyring? = nil, ledger: ClusterNonceLedger? = nil) {
        let instanceID = instance ?? UInt64(name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) })
        identity = ClusterLocalIdentity(clusterName: cluster, nodeName: name, address: "10.0.0.1:7946", instanceID: instanceID)
        self.keyring = try! keyring ?? ClusterKeyring(secret: secretA)
        crypto = .forTests(seed: instanceID)
        self.ledger = ledger ?? ClusterNonceLedger()
    }

    func initiator(expecting peer: String? = nil) -> ClusterHandshakeStateMachine {
        ClusterHandshakeStateMachine(role: .initiator(expectedPeer: peer), identity: identity, keyring: keyring, crypto: crypto, ledger: ledger)
    }

    func acceptor() -> ClusterHandshakeStateMachine {
        ClusterHandshakeStateMachine(role: .acceptor, identity: identity, keyring: keyring, crypto: crypto, ledger: ledger)
    }
}

/// Decodes `bytes` (one piece at a time when `bytewise`) and feeds each frame
/// to `machine`, returning the action for each frame.
func deliver(_ bytes: [UInt8], to machine: inout ClusterHandshakeStateMachine, bytewise: Bool = false) -> [ClusterHandshakeAction] {
    var decoder = ClusterFrameDecoder(maxPayloadBytes: ClusterFrameLimits.handshakeMaxPayloadBytes)
    var actions: [ClusterHandshakeAction] = []
    for piece in bytewise ? bytes.map({ [$0] }) : [bytes] {
        piece.withUnsafeBytes { raw in
            var cursor = 0
            while true {
                switch decoder.next(raw, cursor: &cursor) {
                case .frame(let header, let payload): actions.append(machine.received(header, payload: payload))
                case .needMoreBytes: return
                case .failed(let error): actions.append(machine.receivedInvalidStream(error)); return
                }
            }
        }
    }
    return actions
}

/// The single action for `bytes` holding one frame.
func deliverOne(_ bytes: [UInt8], to machine: inout ClusterHandshakeStateMachine, bytewise: Bool = false) -> ClusterHandshakeAction {
    let actions = deliver(bytes, to: &machine, bytewise: bytewise)
    precondition(actions.count == 1, "expected one frame, got \(actions.count)")
    return actions[0]
}

extension ClusterHandshakeAction {
    /// The bytes of a `.send`, or of a `.fail`'s close frame.
    var bytes: [UInt8] {
        switch self {
        case .send(let bytes), .fail(_, let bytes), .established(_, let bytes): bytes
        case .wait, .decide: []
        }
    }

    var failure: ClusterHandshakeError? {
        if case .fail(let error, _) = self { return error }
        return nil
    }
}

/// The frames of a whole successful handshake, for replay tests.
struct RecordedHandshake {
    var hello: [UInt8] = []
    var challenge: [UInt8] = []
    var proof: [UInt8] = []
    var welcome: [UInt8] = []
}

/// Runs initiator ↔ acceptor to the end, accepting at the decision; returns
/// what each side ended with and the frames exchanged.
@discardableResult
func handshake(
    _ initiator: inout ClusterHandshakeStateMachine, _ acceptor: inout ClusterHandshakeStateMachine, bytewise: Bool = false
) -> (initiator: ClusterHandshakeAction, acceptor: ClusterHandshakeAction, recorded: RecordedHandshake) {
    var recorded = RecordedHandshake()
    recorded.hello = initiator.start().bytes
    precondition(acceptor.start() == .wait)
    let challenge = deliverOne(recorded.hello, to: &acceptor, bytewise: bytewise)
    guard case .send(let challengeBytes) = challenge else { return (initiator.state == .awaitingChallenge ? deliverOne(challenge.bytes, to: &initiator) : .wait, challenge, recorded) }
    recorded.challenge = challengeBytes
    let proof = deliverOne(challengeBytes, to: &initiator, bytewise: bytewise)
    guard case .send(let proofBytes) = proof else { return (proof, proof.bytes.isEmpty ? .wait : deliverOne(proof.bytes, to: &acceptor), recorded) }
    recorded.proof = proofBytes
    var decision = deliverOne(proofBytes, to: &acceptor, bytewise: bytewise)
    if case .decide = decision { decision = acceptor.accept() }
    guard case .established(_, let welcome) = decision else { return (deliverOne(decision.bytes, to: &initiator), decision, recorded) }
    recorded.welcome = welcome
    return (deliverOne(welcome, to: &initiator, bytewise: bytewise), decision, recorded)
}
