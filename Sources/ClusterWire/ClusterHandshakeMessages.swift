// The payloads of the handshake frames. Strings are a u8 length and that many
// bytes; integers are big-endian; a payload with bytes left over is malformed.

/// Handshake 1, initiator → acceptor (`ClusterFrameType.hello`).
///
/// ```
/// keyID             u8 length + 1–32 bytes   the key the proofs will use
/// clusterName       u8 length + 1–64 bytes
/// initiatorName     u8 length + 1–64 bytes
/// expectedAcceptor  u8 length + 0–64 bytes   the node the initiator meant to reach ("" = any)
/// initiatorAddress  u8 length + 0–128 bytes  where the initiator's link listens
/// instanceID        u64                      random per process start
/// nonce             32 bytes
/// ```
public struct ClusterHello: Hashable, Sendable {
    public var keyID: String
    public var clusterName: String
    public var initiatorName: String
    public var expectedAcceptorName: String
    public var initiatorAddress: String
    public var instanceID: UInt64
    public var nonce: ClusterNonce

    public init(
        keyID: String, clusterName: String, initiatorName: String, expectedAcceptorName: String,
        initiatorAddress: String, instanceID: UInt64, nonce: ClusterNonce
    ) {
        self.keyID = keyID
        self.clusterName = clusterName
        self.initiatorName = initiatorName
        self.expectedAcceptorName = expectedAcceptorName
        self.initiatorAddress = initiatorAddress
        self.instanceID = instanceID
        self.nonce = nonce
    }

    public var payload: [UInt8] {
        var writer = ClusterWireWriter()
        writer.string(keyID)
        writer.string(clusterName)
        writer.string(initiatorName)
        writer.string(expectedAcceptorName)
        writer.string(initiatorAddress)
        writer.uint64(instanceID)
        writer.append(nonce.bytes)
        return writer.bytes
    }

    static func parse(_ payload: UnsafeRawBufferPointer) throws(ClusterWireReader.Failure) -> ClusterHello {
        var reader = ClusterWireReader(payload)
        let hello = ClusterHello(
            keyID: try reader.string("key id") { ClusterNames.isValidKeyID($0) },
            clusterName: try reader.string("cluster name") { ClusterNames.isValidName($0) },
            initiatorName: try reader.string("initiator name") { ClusterNames.isValidName($0) },
            expectedAcceptorName: try reader.string("expected acceptor name") { $0.isEmpty || ClusterNames.isValidName($0) },
            initiatorAddress: try reader.string("initiator address") { ClusterNames.isValidAddress($0) },
            instanceID: try reader.uint64("instance id"),
            nonce: try reader.nonce("nonce"))
        try reader.end()
        return hello
    }
}

/// Handshake 2, acceptor → initiator (`ClusterFrameType.challenge`).
///
/// ```
/// acceptorName      u8 length + 1–64 bytes
/// acceptorAddress   u8 length + 0–128 bytes
/// instanceID        u64
/// nonce             32 bytes
/// mac               32 bytes   HMAC-SHA256(secret, transcript made by the acceptor)
/// ```
public struct ClusterChallenge: Hashable, Sendable {
    public var acceptorName: String
    public var acceptorAddress: String
    public var instanceID: UInt64
    public var nonce: ClusterNonce
    public var mac: [UInt8]

    public init(acceptorName: String, acceptorAddress: String, instanceID: UInt64, nonce: ClusterNonce, mac: [UInt8]) {
        precondition(mac.count == ClusterHandshakeTranscript.macByteCount, "a MAC is 32 bytes")
        self.acceptorName = acceptorName
        self.acceptorAddress = acceptorAddress
        self.instanceID = instanceID
        self.nonce = nonce
        self.mac = mac
    }

    public var payload: [UInt8] {
        var writer = ClusterWireWriter()
        writer.string(acceptorName)
        writer.string(acceptorAddress)
        writer.uint64(instanceID)
        writer.append(nonce.bytes)
        writer.append(mac)
        return writer.bytes
    }

    static func parse(_ payload: UnsafeRawBufferPointer) throws(ClusterWireReader.Failure) -> ClusterChallenge {
        var reader = ClusterWireReader(payload)
        let challenge = ClusterChallenge(
            acceptorName: try reader.string("acceptor name") { ClusterNames.isValidName($0) },
            acceptorAddress: try reader.string("acceptor address") { ClusterNames.isValidAddress($0) },
            instanceID: try reader.uint64("instance id"),
            nonce: try reader.nonce("nonce"),
            mac: try reader.bytes(ClusterHandshakeTranscript.macByteCount, "mac"))
        try reader.end()
        return challenge
    }
}

/// Handshake 3, initiator → acceptor (`ClusterFrameType.proof`): 32 bytes,
/// HMAC-SHA256(secret, transcript made by the initiator).
public struct ClusterProof: Hashable, Sendable {
    public var mac: [UInt8]

    public init(mac: [UInt8]) {
        precondition(mac.count == ClusterHandshakeTranscript.macByteCount, "a MAC is 32 bytes")
        self.mac = mac
    }

    public var payload: [UInt8] { mac }

    static func parse(_ payload: UnsafeRawBufferPointer) throws(ClusterWireReader.Failure) -> ClusterProof {
        var reader = ClusterWireReader(payload)
        let proof = ClusterProof(mac: try reader.bytes(ClusterHandshakeTranscript.macByteCount, "mac"))
        try reader.end()
        return proof
    }
}
