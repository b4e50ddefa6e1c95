extension PerMessageDeflateNegotiation {
    /// Client: the offer header value this endpoint sends (when `options.enabled`).
    ///
    /// Names `server_no_context_takeover` and `client_no_context_takeover` as the options say,
    /// `server_max_window_bits` when below 15, and `client_max_window_bits` (with our window when
    /// below 15) unless `offerClientMaxWindowBits` is off.
    public static func clientOffer(options: PerMessageDeflateOptions) -> String {
        options.checkRanges()
        var offer = extensionName
        if options.serverNoContextTakeover {
            offer += "; server_no_context_takeover"
        }
        if options.requestClientNoContextTakeover {
            offer += "; client_no_context_takeover"
        }
        if options.serverMaxWindowBits < 15 {
            offer += "; server_max_window_bits=\(options.serverMaxWindowBits)"
        }
        if options.offerClientMaxWindowBits {
            offer += options.clientMaxWindowBits < 15 ? "; client_max_window_bits=\(options.clientMaxWindowBits)" : "; client_max_window_bits"
        }
        return offer
    }

    /// Client: validates the server's response header value against what `clientOffer(options:)`
    /// offered; on failure the client must fail the connection (RFC 7692 §5.1, §7.1).
    ///
    /// Lenient where leniency is safe: a response that leaves out a `server_no_context_takeover`
    /// or `server_max_window_bits` we asked for is taken to mean the server keeps its context and
    /// may use 15 bits, and our inflater is sized for that (more memory, never a wrong byte).
    /// Extensions other than permessage-deflate in the value are left to the handshake.
    public static func clientAccept(
        responseHeaderValue: String, options: PerMessageDeflateOptions
    ) -> Result<PerMessageDeflateParameters, PerMessageDeflateError> {
        options.checkRanges()
        guard options.enabled else { return .failure(.extensionNotOffered) }
        let elements = PerMessageDeflateHeaderParser.elements(in: responseHeaderValue)
        guard !elements.contains(nil) else { return .failure(.malformedHeader) }
        let accepted = elements.compactMap { $0 }.filter { $0.name == extensionName }
        guard let element = accepted.first else { return .failure(.extensionMissing) }
        guard accepted.count == 1 else { return .failure(.extensionRepeated) }

        let response: PerMessageDeflateNamedParameters
        switch PerMessageDeflateNamedParameters.parse(element.parameters, from: .response) {
        case .success(let named): response = named
        case .failure(let error): return .failure(error)
        }
        if response.namesClientMaxWindowBits && !options.offerClientMaxWindowBits {
            return .failure(.unrequestedParameter("client_max_window_bits"))
        }
        if options.serverMaxWindowBits < 15, let received = response.serverMaxWindowBits, received > options.serverMaxWindowBits {
            return .failure(.serverWindowBitsAboveRequest(requested: options.serverMaxWindowBits, received: received))
        }
        return .success(PerMessageDeflateParameters(
            serverNoContextTakeover: response.serverNoContextTakeover,
            // We announced it, so we keep to it even if the server did not confirm (§7.1.1.2 makes it a hint).
            clientNoContextTakeover: response.clientNoContextTakeover || options.requestClientNoContextTakeover,
            serverMaxWindowBits: response.serverMaxWindowBits ?? 15,
            clientMaxWindowBits: min(options.clientMaxWindowBits, response.clientMaxWindowBits ?? 15)
        ))
    }
}
