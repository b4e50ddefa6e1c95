/// State that every node keeps a copy of, where each entry is owned by one node: the node that
/// wrote it is the only one that changes or removes it (presence of its players, the games it
/// hosts). The Redis replacement: reads are local memory on every node; writes go out as deltas.
///
/// A delta-state CRDT in its simplest form: each origin's part is a map with a version that grows
/// by one per delta, so a receiver applies an origin's deltas in order and knows at once when it
/// missed one (then it asks that origin for a snapshot). Parts of different origins never
/// conflict, since nobody writes another's part. An origin's `incarnation` changes when the node
/// restarts: its old part is dropped whole, so a restarted node leaves no ghosts. A node declared
/// dead or gone has its part dropped by everyone (`removeOrigin`).
public struct OwnedStateMap<Value: Sendable & Equatable>: Sendable {
    /// One origin's entries and where its sequence of deltas stands.
    public struct Part: Sendable, Equatable {
        public var incarnation: UInt64
        public var version: UInt64
        public var entries: [String: Value]

        public init(incarnation: UInt64, version: UInt64, entries: [String: Value]) {
            self.incarnation = incarnation
            self.version = version
            self.entries = entries
        }
    }

    /// One change of one origin's part, from `version - 1` to `version`.
    public struct Delta: Sendable, Equatable {
        public var origin: String
        public var incarnation: UInt64
        public var version: UInt64
        /// Entries written (added or replaced).
        public var upserts: [String: Value]
        /// Keys removed.
        public var removals: [String]

        public init(origin: String, incarnation: UInt64, version: UInt64, upserts: [String: Value], removals: [String]) {
            self.origin = origin
            self.incarnation = incarnation
            self.version = version
            self.upserts = upserts
            self.removals = removals
        }
    }

    /// A change as readers see it.
    public enum Change: Sendable, Equatable {
        case upserted(key: String, value: Value, origin: String)
        case removed(key: String, value: Value, origin: String)
    }

    /// What applying a delta did.
    public enum Applied: Sendable, Equatable {
        /// Applied; these entries changed.
        case changed([Change])
        /// Already seen (an older or equal version of the same incarnation, or an old incarnation).
        case stale
        /// A version is missing before this one: ask `origin` for a snapshot.
        case gap(origin: String)
    }

    /// This node's name: the origin of local writes.
    public let localOrigin: String
    /// Every origin's part, this node's included.
    public private(set) var parts: [String: Part] = [:]

    /// An empty map for the node `localOrigin`, whose current life is `incarnation`.
    public init(localOrigin: String, incarnation: UInt64) {
        self.localOrigin = localOrigin
        parts[localOrigin] = Part(incarnation: incarnation, version: 0, entries: [:])
    }

    /// The entry at `key` of any origin, with its origin.
    public func entry(_ key: String) -> (value: Value, origin: String)? {
        for (origin, part) in parts {
            if let value = part.entries[key] { return (value, origin) }
        }
        return nil
    }

    /// Every entry, with its origin.
    public var all: [(key: String, value: Value, origin: String)] {
        parts.flatMap { origin, part in part.entries.map { ($0.key, $0.value, origin) } }
    }

    // MARK: Local writes

    /// Writes this node's entry `key`; returns the delta to send to every other node.
    public mutating func set(_ key: String, _ value: Value) -> Delta {
        write(upserts: [key: value], removals: [])
    }

    /// Removes this node's entry `key`; nil when there was none.
    public mutating func remove(_ key: String) -> Delta? {
        guard parts[localOrigin]!.entries[key] != nil else { return nil }
        return write(upserts: [:], removals: [key])
    }

    /// Writes several of this node's entries in one delta.
    public mutating func write(upserts: [String: Value], removals: [String]) -> Delta {
        // In place: copying the part out and back would copy every entry of this node on each write.
        parts[localOrigin]!.version += 1
        for (key, value) in upserts { parts[localOrigin]!.entries[key] = value }
        for key in removals { parts[localOrigin]!.entries[key] = nil }
        let part = parts[localOrigin]!
        return Delta(
            origin: localOrigin, incarnation: part.incarnation, version: part.version, upserts: upserts,
            removals: removals)
    }

    /// This node's entry at `key`.
    public func localEntry(_ key: String) -> Value? { parts[localOrigin]?.entries[key] }

    /// This node's part, for a peer that asked for a snapshot (or joined).
    public var localSnapshot: Part { parts[localOrigin]! }

    // MARK: Remote changes

    /// Applies another node's delta.
    public mutating func apply(_ delta: Delta) -> Applied {
        guard delta.origin != localOrigin else { return .stale }
        guard let part = parts[delta.origin] else {
            // A first delta of a fresh life needs nothing before it; anything else needs a snapshot.
            if delta.version == 1 { return .changed(replace(delta.origin, with: Part(incarnation: delta.incarnation, version: 0, entries: [:]), then: delta)) }
            return .gap(origin: delta.origin)
        }
        if delta.incarnation < part.incarnation { return .stale }
        if delta.incarnation > part.incarnation {
            if delta.version == 1 {
                return .changed(replace(delta.origin, with: Part(incarnation: delta.incarnation, version: 0, entries: [:]), then: delta))
            }
            return .gap(origin: delta.origin)
        }
        if delta.version <= part.version { return .stale }
        if delta.version > part.version + 1 { return .gap(origin: delta.origin) }
        // The common case, in place and in proportion to the delta (not to the origin's entries).
        var changes: [Change] = []
        parts[delta.origin]!.version = delta.version
        for (key, value) in delta.upserts {
            if parts[delta.origin]!.entries.updateValue(value, forKey: key) != value {
                changes.append(.upserted(key: key, value: value, origin: delta.origin))
            }
        }
        for key in delta.removals {
            if let old = parts[delta.origin]!.entries.removeValue(forKey: key) {
                changes.append(.removed(key: key, value: old, origin: delta.origin))
            }
        }
        return .changed(changes.sorted { $0.key < $1.key })
    }

    /// Replaces `origin`'s part with a snapshot of it (unless it is older than what is held).
    public mutating func apply(snapshot: Part, of origin: String) -> [Change] {
        guard origin != localOrigin else { return [] }
        if let part = parts[origin],
            (snapshot.incarnation, snapshot.version) <= (part.incarnation, part.version)
        {
            return []
        }
        let old = parts[origin]?.entries ?? [:]
        parts[origin] = snapshot
        return Self.differences(from: old, to: snapshot.entries, origin: origin)
    }

    /// Drops every entry of `origin` (a node that left or was declared dead).
    public mutating func removeOrigin(_ origin: String) -> [Change] {
        guard origin != localOrigin, let part = parts.removeValue(forKey: origin) else { return [] }
        return part.entries.map { .removed(key: $0.key, value: $0.value, origin: origin) }
    }

    /// The origins known, with where each stands (for anti-entropy: a peer compares and asks).
    public var versions: [String: (incarnation: UInt64, version: UInt64)] {
        parts.mapValues { ($0.incarnation, $0.version) }
    }

    private mutating func replace(_ origin: String, with base: Part, then delta: Delta) -> [Change] {
        var part = base
        let old = parts[origin]?.entries ?? [:]
        part.incarnation = delta.incarnation
        part.version = delta.version
        for (key, value) in delta.upserts { part.entries[key] = value }
        for key in delta.removals { part.entries[key] = nil }
        parts[origin] = part
        return Self.differences(from: old, to: part.entries, origin: origin)
    }

    private static func differences(from old: [String: Value], to new: [String: Value], origin: String) -> [Change] {
        var changes: [Change] = []
        for (key, value) in new where old[key] != value {
            changes.append(.upserted(key: key, value: value, origin: origin))
        }
        for (key, value) in old where new[key] == nil {
            changes.append(.removed(key: key, value: value, origin: origin))
        }
        return changes.sorted { $0.key < $1.key }
    }
}

extension OwnedStateMap.Change {
    /// The key that changed.
    public var key: String {
        switch self {
        case .upserted(let key, _, _), .removed(let key, _, _): key
        }
    }
}
