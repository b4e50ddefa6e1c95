/// Header fields in the order received or added, with names kept as written and looked up case-insensitively.
///
/// A field repeated on several lines stays several entries; `values(_:)` returns them all and `subscript`
/// the first. Names are compared by folding ASCII letters only (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral {
    /// One field line: name and value without surrounding whitespace.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    public init() {
        fields = []
    }

    /// Headers holding `fields` in order.
    public init(_ fields: [Element]) {
        self.fields = fields
    }

    /// Empty headers with room for `capacity` fields, so a parser adds them without regrowing.
    init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// Headers holding the literal's pairs in order, duplicates included.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of field lines.
    public var count: Int { fields.count }

    public var isEmpty: Bool { fields.isEmpty }

    /// The value of the first field called `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        fields.first { Self.name($0.name, matches: name) }?.value
    }

    /// The values of every field called `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.name($0.name, matches: name) }.map(\.value)
    }

    /// True when some field is called `name`.
    public func contains(name: String) -> Bool {
        fields.contains { Self.name($0.name, matches: name) }
    }

    /// True when a comma-separated header (`Connection: keep-alive, Upgrade`) lists `token`, case-insensitively,
    /// in any of its fields (RFC 9110 §5.6.1).
    public func containsToken(_ token: String, in name: String) -> Bool {
        fields.contains { field in
            Self.name(field.name, matches: name) && Self.list(field.value, contains: token)
        }
    }

    /// Appends a field after the existing ones.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field called `name`.
    public mutating func remove(name: String) {
        fields.removeAll { Self.name($0.name, matches: name) }
    }

    /// Replaces every field called `name` by one field with `value`, in the first one's place or at the end.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { Self.name($0.name, matches: name) }) else {
            add(name: name, value: value)
            return
        }
        fields[first].value = value
        var index = fields.index(after: first)
        while index < fields.endIndex {
            if Self.name(fields[index].name, matches: name) {
                fields.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// Equal when both hold the same fields, names spelled the same, in the same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Names match when they have the same bytes up to ASCII case; the length check (O(1) for native strings)
    /// settles most lookups before any byte is compared.
    static func name(_ name: String, matches other: String) -> Bool {
        name.utf8.count == other.utf8.count && ASCII.caseInsensitiveEquals(name.utf8, other.utf8)
    }

    /// Whether a `#element` list holds `token`, walking the bytes without splitting into new strings.
    private static func list(_ value: String, contains token: String) -> Bool {
        let bytes = value.utf8
        var elementStart = bytes.startIndex
        while elementStart <= bytes.endIndex {
            let elementEnd = bytes[elementStart...].firstIndex(of: ASCII.comma) ?? bytes.endIndex
            var element = bytes[elementStart..<elementEnd]
            while let first = element.first, ASCII.isWhitespace(first) { element = element.dropFirst() }
            while let last = element.last, ASCII.isWhitespace(last) { element = element.dropLast() }
            if ASCII.caseInsensitiveEquals(element, token.utf8) { return true }
            guard elementEnd < bytes.endIndex else { return false }
            elementStart = bytes.index(after: elementEnd)
        }
        return false
    }
}
