/// Which end of a connection this endpoint is; it decides which agreed parameters govern the
/// messages we send and which govern those we receive.
public enum PerMessageDeflateRole: Sendable, Equatable {
    /// We accepted the connection: our messages follow the `server_*` parameters.
    case server
    /// We opened the connection: our messages follow the `client_*` parameters.
    case client
}
