/// Everything both sides agreed on in one handshake, and the MAC input built
/// from it.
///
/// A proof is `HMAC-SHA256(secret, input(author))` where
/// ```
/// input = "roost-cluster-handshake-v1" 0x00
///         author (u8: 'A' 0x41 acceptor, 'I' 0x49 initiator)
///         keyID, clusterName, initiatorName, acceptorName,
///         initiatorAddress, acceptorAddress       (each u8 length + bytes)
///         initiatorInstance, acceptorInstance     (u64 each)
///         initiatorNonce, acceptorNonce           (32 bytes each)
/// ```
/// Why each part is there:
/// - the label separates these MACs from every other use of the same secret
///   (`Identity.TokenSigner` starts its input with `roost.v1|`);
/// - the author byte binds the direction: the acceptor's MAC can never pass
///   as an initiator's, so sending a node its own challenge back (reflection)
///   gets nothing it can use;
/// - both nonces make every proof good for one handshake only: the acceptor's
///   MAC covers the initiator's fresh nonce and vice versa, so a recorded
///   handshake replays to nothing;
/// - the cluster name, both node names, addresses and instance ids bind the
///   proof to who is talking to whom, so it cannot be moved to another pair,
///   cluster or process.
/// Fields are length-prefixed so no two transcripts share an encoding.
public struct ClusterHandshakeTranscript: Hashable, Sendable {
    /// Bytes of a MAC.
    public static let macByteCount = 32
    /// The domain-separation label at the start of every MAC input.
    public static let label = Array("roost-cluster-handshake-v1".utf8) + [0]

    /// Which side computes a MAC.
    public enum Author: UInt8, Sendable {
        case acceptor = 0x41
        case initiator = 0x49
    }

    public var keyID: String
    public var clusterName: String
    public var initiatorName: String
    public var acceptorName: String
    public var initiatorAddress: String
    public var acceptorAddress: String
    public var initiatorInstance: UInt64
    public var acceptorInstance: UInt64
    public var initiatorNonce: ClusterNonce
    public var acceptorNonce: ClusterNonce

    /// The transcript of `hello` answered by `challenge`.
    public init(hello: ClusterHello, challenge: ClusterChallenge) {
        keyID = hello.keyID
        clusterName = hello.clusterName
        initiatorName = hello.initiatorName
        acceptorName = challenge.acceptorName
        initiatorAddress = hello.initiatorAddress
        acceptorAddress = challenge.acceptorAddress
        initiatorInstance = hello.instanceID
        acceptorInstance = challenge.instanceID
        initiatorNonce = hello.nonce
        acceptorNonce = challenge.nonce
    }

    /// The bytes `author` MACs.
    public func macInput(author: Author) -> [UInt8] {
        var writer = ClusterWireWriter()
        writer.append(Self.label)
        writer.append([author.rawValue])
        for field in [keyID, clusterName, initiatorName, acceptorName, initiatorAddress, acceptorAddress] {
            writer.string(field)
        }
        writer.uint64(initiatorInstance)
        writer.uint64(acceptorInstance)
        writer.append(initiatorNonce.bytes)
        writer.append(acceptorNonce.bytes)
        return writer.bytes
    }

    /// The MAC `author` sends, under `secret`.
    public func mac(author: Author, secret: [UInt8], crypto: ClusterHandshakeCrypto) -> [UInt8] {
        let mac = crypto.hmacSHA256(secret, macInput(author: author))
        precondition(mac.count == Self.macByteCount, "HMAC-SHA256 returned \(mac.count) bytes")
        return mac
    }
}
