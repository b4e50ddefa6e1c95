import HTTP

/// The client side of the opening handshake (RFC 6455 §4.1): the request to
/// send and the checks the server's response must pass.
public struct ClientHandshake: Sendable {
    /// Why a server's handshake response was refused (the client must fail the connection).
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case unexpectedStatus(Int)
        case missingUpgrade
        case wrongAcceptKey
        case unrequestedSubprotocol(String)
        case badExtensions(String)

        public var description: String {
            switch self {
            case .unexpectedStatus(let code): "server answered \(code) instead of 101"
            case .missingUpgrade: "response lacks Upgrade: websocket / Connection: Upgrade"
            case .wrongAcceptKey: "Sec-WebSocket-Accept does not match our key"
            case .unrequestedSubprotocol(let name): "server chose subprotocol \(name) that we did not offer"
            case .badExtensions(let why): "extension negotiation failed: \(why)"
            }
        }
    }

    /// What the server agreed to.
    public struct Accepted: Sendable, Equatable {
        public var subprotocol: String? = nil
        public var deflate: PerMessageDeflateParameters? = nil
    }

    public let host: String
    public let path: String
    public let subprotocols: [String]
    public let origin: String?
    public let deflate: PerMessageDeflateOptions?
    /// The base64 nonce sent as Sec-WebSocket-Key.
    public let key: String

    /// - Parameter nonce: 16 random bytes (§4.1: "randomly selected").
    public init(
        host: String, path: String, nonce: [UInt8], subprotocols: [String] = [], origin: String? = nil,
        deflate: PerMessageDeflateOptions? = nil
    ) {
        precondition(nonce.count == 16, "the handshake nonce is 16 bytes")
        self.host = host
        self.path = path.isEmpty ? "/" : path
        self.subprotocols = subprotocols
        self.origin = origin
        self.deflate = deflate
        self.key = Base64.encode(nonce)
    }

    /// The request bytes.
    public func request() -> [UInt8] {
        var text = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        if !subprotocols.isEmpty { text += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n" }
        if let origin { text += "Origin: \(origin)\r\n" }
        if let deflate { text += "Sec-WebSocket-Extensions: \(PerMessageDeflateNegotiation.clientOffer(options: deflate))\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    public func validate(_ response: HTTPResponseHead) -> Result<Accepted, Failure> {
        guard response.status == 101 else { return .failure(.unexpectedStatus(response.status)) }
        guard response.headers.containsToken("websocket", in: "Upgrade"),
            response.headers.containsToken("upgrade", in: "Connection")
        else { return .failure(.missingUpgrade) }
        guard response.headers["Sec-WebSocket-Accept"]?.trimmingASCIISpaces() == AcceptKey.compute(forKey: key) else {
            return .failure(.wrongAcceptKey)
        }
        var accepted = Accepted()
        if let chosen = response.headers["Sec-WebSocket-Protocol"]?.trimmingASCIISpaces() {
            guard subprotocols.contains(chosen) else { return .failure(.unrequestedSubprotocol(chosen)) }
            accepted.subprotocol = chosen
        }
        let extensions = response.headers.values("Sec-WebSocket-Extensions")
        if !extensions.isEmpty {
            guard let deflate else { return .failure(.badExtensions("server enabled an extension we did not offer")) }
            switch PerMessageDeflateNegotiation.clientAccept(responseHeaderValue: extensions.joined(separator: ", "), options: deflate) {
            case .success(let parameters): accepted.deflate = parameters
            case .failure(let error): return .failure(.badExtensions("\(error)"))
            }
        }
        return .success(accepted)
    }
}
