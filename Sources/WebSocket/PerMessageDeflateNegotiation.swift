/// permessage-deflate negotiation (RFC 7692 §5, §7.1): pure functions from `Sec-WebSocket-Extensions`
/// values to agreed parameters, for servers here and for clients in `+Client`.
///
/// Names are compared exactly, as registered (lowercase); a server declines any offer RFC 7692
/// §7.1 says it must (unknown or repeated parameters, invalid values) and moves to the next.
/// Every valid offer is acceptable: window bits 8 included (see `MessageDeflater`).
public enum PerMessageDeflateNegotiation {
    /// The registered extension token.
    public static let extensionName = "permessage-deflate"

    /// Server: given the request's `Sec-WebSocket-Extensions` header values (possibly several
    /// headers, comma-separated offers, each possibly with params, quoted-string values allowed per
    /// RFC 6455 §9.1), picks the first acceptable permessage-deflate offer and returns the agreed
    /// parameters and the exact response header value, or nil to decline. A malformed offer
    /// (duplicate or unknown parameters, invalid values) is declined and the next one tried.
    public static func serverResponse(
        toOffers headerValues: [String], options: PerMessageDeflateOptions
    ) -> (parameters: PerMessageDeflateParameters, headerValue: String)? {
        options.checkRanges()
        guard options.enabled else { return nil }
        for element in PerMessageDeflateHeaderParser.elements(in: headerValues) {
            guard let element, element.name == extensionName else { continue }
            guard case .success(let offer) = PerMessageDeflateNamedParameters.parse(element.parameters, from: .offer) else {
                continue
            }
            return accept(offer, options: options)
        }
        return nil
    }

    /// The parameters and response for a valid offer (RFC 7692 §7.1.1, §7.1.2).
    private static func accept(
        _ offer: PerMessageDeflateNamedParameters, options: PerMessageDeflateOptions
    ) -> (parameters: PerMessageDeflateParameters, headerValue: String) {
        var parameters = PerMessageDeflateParameters()
        var response = extensionName

        // §7.1.1.1: a server may always announce it, and must when the client asks.
        parameters.serverNoContextTakeover = options.serverNoContextTakeover || offer.serverNoContextTakeover
        if parameters.serverNoContextTakeover {
            response += "; server_no_context_takeover"
        }
        // §7.1.1.2 lets a server send it unasked; we confirm only what the client already offered.
        parameters.clientNoContextTakeover = options.requestClientNoContextTakeover && offer.clientNoContextTakeover
        if parameters.clientNoContextTakeover {
            response += "; client_no_context_takeover"
        }
        // §7.1.2.1: accepting a requested window means echoing it (same or smaller); a smaller
        // window of our own may be announced unasked.
        parameters.serverMaxWindowBits = min(options.serverMaxWindowBits, offer.serverMaxWindowBits ?? 15)
        if offer.serverMaxWindowBits != nil || parameters.serverMaxWindowBits < 15 {
            response += "; server_max_window_bits=\(parameters.serverMaxWindowBits)"
        }
        // §7.1.2.2: only when offered, at most the offered value; a client that did not offer it may use 15.
        if offer.namesClientMaxWindowBits {
            let clientCeiling = offer.clientMaxWindowBits ?? 15
            parameters.clientMaxWindowBits = min(options.clientMaxWindowBits, clientCeiling)
            if parameters.clientMaxWindowBits < clientCeiling {
                response += "; client_max_window_bits=\(parameters.clientMaxWindowBits)"
            }
        }
        return (parameters, response)
    }
}
