import ResultStore

/// How a run's output travels between nodes (`leaderboard-publish` requests and
/// `leaderboard-fetch` replies):
///
///     job, slot (zigzag), token, digest, snapshot count, per snapshot: kind, bytes
///
/// Snapshot bytes can exceed one frame; `TaskFanOut` carries the whole in parts.
extension StoredPublication {
    func wireBytes() -> [UInt8] {
        var writer = WireWriter(capacity: 64 + snapshots.reduce(0) { $0 + $1.bytes.count + 16 })
        writer.string(job)
        writer.int(Int(slot))
        writer.unsigned(token)
        writer.data(digest)
        writer.unsigned(UInt64(snapshots.count))
        for snapshot in snapshots {
            writer.string(snapshot.kind)
            writer.unsigned(UInt64(snapshot.bytes.count))
        }
        var bytes = writer.bytes
        // Snapshot bytes go last and unprefixed (their sizes are above), so `WireReader`'s 1 MiB
        // cap on one byte string does not limit a snapshot.
        for snapshot in snapshots { bytes.append(contentsOf: snapshot.bytes) }
        return bytes
    }

    /// Reads a publication; refuses bad sizes, more than `maxKinds` kinds, a digest that does not
    /// name the snapshots, and trailing bytes. The result is never marked committed.
    init(wireBytes bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        let job = try reader.string()
        let slot = Int64(try reader.int())
        let token = try reader.unsigned()
        let digest = try reader.data()
        guard digest.count <= 64 else { throw WireError(description: "digest of \(digest.count) bytes") }
        let count = try reader.unsigned()
        guard count <= UInt64(Self.maxKinds) else { throw WireError(description: "\(count) snapshots") }
        var sizes: [(String, Int)] = []
        for _ in 0..<count {
            let kind = try reader.string()
            let size = try reader.unsigned()
            guard size <= UInt64(bytes.count) else { throw WireError(description: "snapshot of \(size) bytes") }
            sizes.append((kind, Int(size)))
        }
        let header = reader.consumedCount
        guard bytes.count - header == sizes.reduce(0, { $0 + $1.1 }) else {
            throw WireError(description: "snapshot bytes do not add up")
        }
        var offset = header
        var snapshots: [Snapshot] = []
        for (kind, size) in sizes {
            snapshots.append(Snapshot(kind: kind, bytes: Array(bytes[offset..<offset + size])))
            offset += size
        }
        guard Set(snapshots.map(\.kind)).count == snapshots.count else { throw WireError(description: "a kind twice") }
        self.init(job: job, slot: slot, token: token, digest: digest, snapshots: snapshots)
        guard self.digest == Self.digest(of: self.snapshots) else {
            throw WireError(description: "the digest does not name the snapshots")
        }
    }

    /// Most game kinds one publication holds.
    static let maxKinds = 256

    /// SHA-256 of the snapshots' encodings concatenated in kind order: the run's digest in its
    /// `SlotCommit`, so every node can check that what it holds is what was committed.
    static func digest(of snapshots: [Snapshot]) -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(snapshots.reduce(0) { $0 + $1.bytes.count })
        for snapshot in snapshots.sorted(by: { $0.kind < $1.kind }) { all.append(contentsOf: snapshot.bytes) }
        return SHA256.digest(all)
    }
}

/// Names one run's output: what a `leaderboard-fetch` request asks for.
struct PublicationKey: Hashable, Sendable {
    let job: String
    let slot: Int64
    let token: UInt64

    func wireBytes() -> [UInt8] {
        var writer = WireWriter()
        writer.string(job)
        writer.int(Int(slot))
        writer.unsigned(token)
        return writer.bytes
    }

    init(job: String, slot: Int64, token: UInt64) {
        self.job = job
        self.slot = slot
        self.token = token
    }

    init(wireBytes bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        job = try reader.string()
        slot = Int64(try reader.int())
        token = try reader.unsigned()
        guard reader.isAtEnd else { throw WireError(description: "trailing bytes in a publication key") }
    }
}
