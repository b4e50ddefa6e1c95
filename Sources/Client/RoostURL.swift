import Protocol
import WebSocketTransport

/// The server address a person types, made into the WebSocket URL of a Roost endpoint.
///
/// Forgiving where the intent is clear: `ws://` is assumed when no scheme is given, `http(s)://`
/// becomes `ws(s)://`, and a URL without a path (or with `/` alone) gets the protocol's `/ws`. Anything else must be
/// a well-formed `ws://host[:port][/path]`.
public enum RoostURL {
    /// Why a server address could not be used.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What was typed.
        public var text: String

        public var description: String {
            "\"\(text)\" is not a server address: expected ws://host:port/ws (or wss:// for TLS)"
        }
    }

    /// The WebSocket URL `text` stands for.
    public static func parse(_ text: String) -> Result<WebSocketURL, ParseError> {
        let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        var candidate = trimmed
        if candidate.hasPrefix("http://") {
            candidate = "ws://" + candidate.dropFirst("http://".count)
        } else if candidate.hasPrefix("https://") {
            candidate = "wss://" + candidate.dropFirst("https://".count)
        } else if !candidate.contains("://") {
            candidate = "ws://" + candidate
        }
        guard var url = WebSocketURL(candidate) else { return .failure(ParseError(text: text)) }
        // Roost serves nothing but static files at `/`, so a bare host means the endpoint.
        if url.path == "/" { url.path = ProtocolVersion.path }
        return .success(url)
    }
}
