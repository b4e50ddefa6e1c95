/// Where to dial a peer: `host:port`, and the node expected there if known
/// (a seed address may not say whom it reaches).
public struct ClusterPeerAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The node expected at this address; the handshake refuses another.
    public var name: String?

    public init(host: String, port: Int, name: String? = nil) {
        precondition((1...65535).contains(port), "port \(port) is not 1...65535")
        self.host = host
        self.port = port
        self.name = name
    }

    /// Parses `host:port` or `[v6]:port`; nil when malformed.
    public init?(_ text: String, name: String? = nil) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else { return nil }
        self.init(host: String(host), port: port, name: name)
    }

    /// `host:port` (IPv6 in brackets): the key dials are tracked by.
    public var hostPort: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var description: String { name.map { "\($0)@\(hostPort)" } ?? hostPort }
}
