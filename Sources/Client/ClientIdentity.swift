import Protocol

/// How Roost's own clients introduce themselves in `hello.client`.
public enum ClientIdentity {
    /// The version of this client library, sent by every Roost client.
    public static let version = "0.1.0"

    /// `hello.client` for a program called `name`.
    public static func info(name: String) -> ClientMessage.ClientInfo {
        ClientMessage.ClientInfo(name: name, version: version)
    }
}
