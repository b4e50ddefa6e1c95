import Logging

/// Turns one log event into one line of text or JSON. Pure: the time is passed in, so tests can
/// check lines byte for byte.
///
/// Escaping is the guard against forged lines: a peer-supplied string (a node name, an error
/// cause) can never end a line early or inject fields, because JSON strings escape every control
/// character and text lines replace them with `?`.
public enum LogLineFormatter {
    /// The key of the metadata value that names the part of the node speaking (`serve`, `cluster`,
    /// `link`); text lines start with `roost COMPONENT:`.
    public static let componentKey = "component"

    /// `roost COMPONENT: [LEVEL: ]message`; levels below warning are not spelled out.
    public static func text(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var line = "roost"
        if case .string(let component)? = metadata[componentKey] { line += " " + component }
        line += ": "
        if level >= .warning { line += level.rawValue + ": " }
        line += printable(message)
        line += "\n"
        return line
    }

    /// `{"ts":"…","level":"info","msg":"…",key:value…}` with the metadata keys sorted, so lines
    /// of the same event always have the same shape.
    public static func json(
        level: Logger.Level, message: String, metadata: Logger.Metadata, timestamp: String
    ) -> String {
        var line = "{\"ts\":"
        appendString(timestamp, to: &line)
        line += ",\"level\":"
        appendString(level.rawValue, to: &line)
        line += ",\"msg\":"
        appendString(message, to: &line)
        for key in metadata.keys.sorted() where !["ts", "level", "msg"].contains(key) {
            line += ","
            appendString(key, to: &line)
            line += ":"
            appendValue(metadata[key]!, to: &line)
        }
        line += "}\n"
        return line
    }

    private static func appendValue(_ value: Logger.MetadataValue, to line: inout String) {
        switch value {
        case .string(let string): appendString(string, to: &line)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                appendValue(element, to: &line)
            }
            line += "]"
        case .dictionary(let dictionary):
            line += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                appendString(key, to: &line)
                line += ":"
                appendValue(dictionary[key]!, to: &line)
            }
            line += "}"
        }
    }

    /// A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped.
    static func appendString(_ string: String, to line: inout String) {
        line += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case let control where control.value < 0x20 || control.value == 0x7F:
                let hex = String(control.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }

    /// `text` with control characters replaced by `?`, so a text line stays one line.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
