/// The permessage-deflate parameters named in one offer or response, checked against RFC 7692 §7.1.
struct PerMessageDeflateNamedParameters: Equatable {
    /// Where the parameters come from: the rules for `client_max_window_bits` differ.
    enum Source {
        /// A client's offer: `client_max_window_bits` may come without a value.
        case offer
        /// A server's response: `client_max_window_bits` needs a value (§7.1.2.2).
        case response
    }

    var serverNoContextTakeover = false
    var clientNoContextTakeover = false
    var serverMaxWindowBits: Int?
    /// `client_max_window_bits` is named, with or without a value.
    var namesClientMaxWindowBits = false
    var clientMaxWindowBits: Int?

    /// Checks every parameter: each defined by §7.1, named once, with a valid value.
    static func parse(
        _ parameters: [PerMessageDeflateExtensionElement.Parameter], from source: Source
    ) -> Result<Self, PerMessageDeflateError> {
        var named = Self()
        var seen: Set<String> = []
        for parameter in parameters {
            let name = parameter.name
            guard seen.insert(name).inserted else { return .failure(.duplicateParameter(name)) }
            switch name {
            case "server_no_context_takeover", "client_no_context_takeover":
                guard parameter.value == nil else { return .failure(.invalidParameterValue(name)) }
                if name == "server_no_context_takeover" {
                    named.serverNoContextTakeover = true
                } else {
                    named.clientNoContextTakeover = true
                }
            case "server_max_window_bits":
                guard let bits = windowBits(parameter.value) else { return .failure(.invalidParameterValue(name)) }
                named.serverMaxWindowBits = bits
            case "client_max_window_bits":
                named.namesClientMaxWindowBits = true
                if parameter.value == nil && source == .offer { continue }
                guard let bits = windowBits(parameter.value) else { return .failure(.invalidParameterValue(name)) }
                named.clientMaxWindowBits = bits
            default:
                return .failure(.unknownParameter(name))
            }
        }
        return .success(named)
    }

    /// §7.1.2.1: "a decimal integer value without leading zeroes between 8 to 15, inclusive".
    static func windowBits(_ value: String?) -> Int? {
        guard let value, let bits = Int(value), (8...15).contains(bits), String(bits) == value else { return nil }
        return bits
    }
}
