/// A JSON object: its members in the order they were written, keys unique.
///
/// Order is kept so that writing a parsed object gives back the same text, and so that messages list
/// `t` first. Equality ignores order, as JSON does (RFC 8259 §4 leaves order without meaning).
/// Lookups are linear: protocol objects have a handful of members, where a scan beats hashing.
public struct JSONObject: Sendable {
    /// One member of an object.
    public struct Member: Hashable, Sendable {
        /// The member's name.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// A member named `key` holding `value`.
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() { members = [] }

    /// An object with these members; the keys must be unique.
    public init(_ members: [Member]) {
        self.members = members
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value of `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key, newValue))
            }
        }
    }

    /// Appends a member whose key the caller knows to be new (the parser, which checks duplicates itself).
    mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key, value))
    }

    mutating func reserveCapacity(_ count: Int) { members.reserveCapacity(count) }
}

extension JSONObject: Hashable {
    /// Equal when both hold the same keys with equal values, in any order.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for member in a.members {
            guard let other = b[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Order-independent: the members' hashes are summed.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for member in members { sum &+= member.hashValue }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object literal; a repeated key is a programmer error.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements {
            precondition(self[key] == nil, "duplicate key \(key) in a JSON object literal")
            append(key, value)
        }
    }
}
