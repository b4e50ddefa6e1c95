/// The permessage-deflate parameters agreed for one connection (RFC 7692 §7.1).
public struct PerMessageDeflateParameters: Sendable, Equatable {
    /// The server resets its compressor after every message (`server_no_context_takeover`).
    public var serverNoContextTakeover: Bool
    /// The client resets its compressor after every message (`client_no_context_takeover`).
    public var clientNoContextTakeover: Bool
    /// The LZ77 window, as a power of two (8...15), that the server's messages fit in.
    public var serverMaxWindowBits: Int
    /// The LZ77 window, as a power of two (8...15), that the client's messages fit in.
    public var clientMaxWindowBits: Int

    /// Parameters as agreed; the defaults are RFC 7692's when a parameter is absent.
    public init(
        serverNoContextTakeover: Bool = false,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }
}
