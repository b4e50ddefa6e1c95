import Games
import Protocol

/// The bridge between the games' values (`GameValue`, integers only) and the protocol's JSON.
///
/// The Games target knows no JSON and the Protocol target knows no game, so the server translates
/// at the boundary: moves and options in, updates, snapshots and outcomes out.
extension GameOutcome {
    /// An aborted game's outcome as JSON (its node went away; no result is stored).
    static let abortedJSON = GameOutcome(verdict: .aborted, reason: .aborted, placements: []).gameValue.json
}

extension GameValue {
    /// `json` as a game value, or nil when it holds a number with a fraction or exponent (games
    /// count in whole cells, columns and milliseconds; such a value cannot be a move or option).
    init?(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(Int(value))
        case .double: return nil
        case .string(let value): self = .string(value)
        case .array(let elements):
            var values: [GameValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard let value = GameValue(json: element) else { return nil }
                values.append(value)
            }
            self = .array(values)
        case .object(let object):
            var fields: [String: GameValue] = [:]
            fields.reserveCapacity(object.count)
            for member in object.members {
                guard let value = GameValue(json: member.value) else { return nil }
                fields[member.key] = value
            }
            self = .object(fields)
        }
    }

    /// This value as JSON, object members in a stable order (see `write(into:)`).
    var json: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(Int64(value))
        case .string(let value): .string(value)
        case .array(let elements): .array(elements.map(\.json))
        case .object(let fields):
            .object(JSONObject(Self.orderedKeys(fields).map { JSONObject.Member($0, fields[$0]!.json) }))
        }
    }

    /// Writes the value as JSON straight into `writer`, without building a `JSONValue` first (the
    /// per-tick path). Object members go out `"k"` first, then by name: a stable order makes equal
    /// updates equal bytes, and the kind of an update is the first thing a reader sees.
    func write(into writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .int(let value): writer.int(value)
        case .string(let value): writer.string(value)
        case .array(let elements):
            writer.beginArray()
            for element in elements {
                writer.element()
                element.write(into: &writer)
            }
            writer.endArray()
        case .object(let fields):
            writer.beginObject()
            for key in Self.orderedKeys(fields) {
                writer.key(key)
                fields[key]!.write(into: &writer)
            }
            writer.endObject()
        }
    }

    /// The value as a JSON fragment, written once and shared by every recipient.
    var jsonFragment: JSONFragment {
        JSONFragment { write(into: &$0) }
    }

    /// The keys of `fields`, `"k"` first, then by name. Insertion sort: update objects have a
    /// handful of keys, and this runs for every update of every tick.
    private static func orderedKeys(_ fields: [String: GameValue]) -> [String] {
        var keys: [String] = []
        keys.reserveCapacity(fields.count)
        for key in fields.keys {
            var index = keys.count
            keys.append(key)
            while index > 0 && precedes(key, keys[index - 1]) {
                keys[index] = keys[index - 1]
                index -= 1
            }
            keys[index] = key
        }
        return keys
    }

    private static func precedes(_ a: String, _ b: String) -> Bool {
        if b == "k" { return false }
        if a == "k" { return true }
        return a < b
    }
}
