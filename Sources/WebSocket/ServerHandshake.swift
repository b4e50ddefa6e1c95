import HTTP

/// What a server accepts in an opening handshake.
public struct ServerHandshakeOptions: Sendable {
    /// Subprotocols this server speaks, most preferred first. The first one
    /// the client also offers is selected; none selected when there is no match
    /// (the client then decides whether to go on, RFC 6455 §4.1 step 6).
    public var subprotocols: [String]
    /// Exact `Origin` values allowed to connect (e.g. `https://play.example`);
    /// nil allows any. A request without `Origin` is always allowed: browsers
    /// always send it, and a non-browser client could forge any value anyway,
    /// so the list guards against cross-site pages only.
    public var allowedOrigins: [String]?
    /// permessage-deflate: what to accept, or nil to decline compression.
    public var deflate: PerMessageDeflateOptions?

    public init(subprotocols: [String] = [], allowedOrigins: [String]? = nil, deflate: PerMessageDeflateOptions? = nil) {
        self.subprotocols = subprotocols
        self.allowedOrigins = allowedOrigins
        self.deflate = deflate
    }
}

/// The server side of the opening handshake (RFC 6455 §4.2), pure: a request
/// head in, a response and the agreed settings out.
public enum ServerHandshake {
    /// A successful negotiation.
    public struct Accepted {
        /// The 101 response to send.
        public var response: HTTPResponse
        public var subprotocol: String?
        /// Agreed compression parameters; nil when not negotiated.
        public var deflate: PerMessageDeflateParameters?
    }

    public enum Outcome {
        case accept(Accepted)
        /// Refuse with this response (and then close); `reason` is for logs.
        case reject(HTTPResponse, reason: String)
    }

    /// Whether the request asks for a WebSocket at all (`Upgrade: websocket`);
    /// other requests are ordinary HTTP.
    public static func isUpgradeRequest(_ head: HTTPRequestHead) -> Bool {
        head.headers.containsToken("websocket", in: "Upgrade")
    }

    public static func evaluate(_ head: HTTPRequestHead, options: ServerHandshakeOptions) -> Outcome {
        guard head.method == "GET" else {
            return reject(.methodNotAllowed, "a WebSocket handshake must use GET", extra: [("Allow", "GET")])
        }
        guard head.versionMinor >= 1 else {
            return reject(.badRequest, "a WebSocket handshake needs HTTP/1.1")
        }
        guard head.headers["Host"] != nil else {
            return reject(.badRequest, "missing Host header")
        }
        guard head.headers.containsToken("upgrade", in: "Connection") else {
            return reject(.badRequest, "Connection header must include Upgrade")
        }
        guard head.headers.values("Sec-WebSocket-Version").count == 1, head.headers["Sec-WebSocket-Version"] == "13" else {
            return reject(.upgradeRequired, "unsupported WebSocket version; this server speaks 13",
                extra: [("Sec-WebSocket-Version", "13")])
        }
        let keys = head.headers.values("Sec-WebSocket-Key")
        guard keys.count == 1, let key = keys.first?.trimmingASCIISpaces(), Base64.decode(key)?.count == 16 else {
            return reject(.badRequest, "Sec-WebSocket-Key must be base64 of 16 bytes")
        }
        if let allowed = options.allowedOrigins, let origin = head.headers["Origin"], !allowed.contains(origin) {
            return reject(.forbidden, "origin not allowed")
        }

        var headers = HTTPHeaders()
        headers.add(name: "Upgrade", value: "websocket")
        headers.add(name: "Connection", value: "Upgrade")
        headers.add(name: "Sec-WebSocket-Accept", value: AcceptKey.compute(forKey: key))
        let subprotocol = selectSubprotocol(offered: head.headers.values("Sec-WebSocket-Protocol"), supported: options.subprotocols)
        if let subprotocol { headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol) }
        var deflate: PerMessageDeflateParameters?
        if let deflateOptions = options.deflate,
            let agreed = PerMessageDeflateNegotiation.serverResponse(
                toOffers: head.headers.values("Sec-WebSocket-Extensions"), options: deflateOptions)
        {
            deflate = agreed.parameters
            headers.add(name: "Sec-WebSocket-Extensions", value: agreed.headerValue)
        }
        let response = HTTPResponse(status: .switchingProtocols, headers: headers, body: [])
        return .accept(Accepted(response: response, subprotocol: subprotocol, deflate: deflate))
    }

    static func selectSubprotocol(offered headerValues: [String], supported: [String]) -> String? {
        let offered = headerValues.flatMap { $0.split(separator: ",").map { $0.trimmingASCIISpaces() } }
        return supported.first { offered.contains($0) }
    }

    private static func reject(_ status: HTTPStatus, _ reason: String, extra: [(String, String)] = []) -> Outcome {
        var headers = HTTPHeaders()
        for (name, value) in extra { headers.add(name: name, value: value) }
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Connection", value: "close")
        let response = HTTPResponse(status: status, headers: headers, body: Array((reason + "\n").utf8))
        return .reject(response, reason: reason)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (HTTP's OWS).
    func trimmingASCIISpaces() -> String {
        let utf8 = Array(self.utf8)
        var start = 0, end = utf8.count
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start += 1 }
        while end > start, utf8[end - 1] == 0x20 || utf8[end - 1] == 0x09 { end -= 1 }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }
}
