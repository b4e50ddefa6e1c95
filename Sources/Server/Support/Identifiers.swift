/// The ids this node hands out, and the routing hint each carries.
///
/// Game and session ids name the node and the event loop ("shard") that own them:
/// `g-<node>-<shard>-<boot>-<n>` and `s-<node>-<shard>-<random>`. Any loop can then route a message
/// for a game or session without a lookup table. The spec calls ids opaque, so clients never parse
/// them, and the format may change. `boot` (random per process start) keeps a restarted node from
/// reusing a game id that is already in the result store.
struct Identifiers {
    /// This node's name, `[a-z0-9]` only, so `-` can separate the parts.
    let node: String
    /// Random per process start.
    let boot: String

    init(node: String) {
        precondition(Self.isValidNodeName(node), "node names are 1-16 characters of a-z 0-9")
        self.node = node
        boot = Self.randomToken(length: 4)
    }

    /// Whether `name` may name a node.
    static func isValidNodeName(_ name: String) -> Bool {
        (1...16).contains(name.utf8.count) && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// The id of the `number`th game this node's lobby placed on `place` (this node or another):
    /// it names the owner and its shard, and this node's name and boot keep it unique cluster-wide.
    func gameID(on place: ShardPlace, number: Int) -> String {
        "g-\(place.node)-\(place.shard)-\(boot)-\(node)x\(String(number, radix: 36))"
    }

    /// A fresh, unguessable session id homed on `shard`.
    func sessionID(shard: Int) -> String {
        "s-\(node)-\(shard)-\(Self.randomToken(length: 16))"
    }

    /// The node and shard that own `id` (a game or session id), read from the id itself; nil when
    /// `id` is not one of Roost's. The shard may not exist there: its owner checks.
    static func place(of id: String, prefix: Character) -> ShardPlace? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 1, parts[0].first == prefix, isValidNodeName(String(parts[1])),
            (1...4).contains(parts[2].count), parts[2].allSatisfy({ $0 >= "0" && $0 <= "9" }), let shard = Int(parts[2])
        else { return nil }
        return ShardPlace(node: String(parts[1]), shard: shard)
    }

    /// An invite code: 10 characters, about 52 bits, easy to read aloud (no 0/o, 1/l).
    static func inviteCode() -> String { randomToken(length: 10, alphabet: inviteAlphabet) }

    private static let tokenAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    private static let inviteAlphabet = Array("23456789abcdefghijkmnpqrstuvwxyz".utf8)

    /// `length` characters from `alphabet`, drawn from the system CSPRNG (getrandom on Linux).
    static func randomToken(length: Int, alphabet: [UInt8] = tokenAlphabet) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Whether `name` may name a node: 1–16 characters of `a-z 0-9` (it is part of game and session ids).
public func isValidNodeName(_ name: String) -> Bool { Identifiers.isValidNodeName(name) }
