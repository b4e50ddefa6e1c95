import Protocol

/// What the model asks the shell to do after a key or a server event.
enum PlayCommand: Hashable {
    /// Send a request with a cid (its reply or error comes back as a server event).
    case send(ClientMessage)
    /// Send a request without a cid: no `ok` (steering moves, many a second).
    case sendWithoutCid(ClientMessage)
    /// Try to reconnect now instead of waiting for the backoff.
    case reconnectNow
    /// Drop the connection as a network failure would (to try resume by hand).
    case dropConnection
    /// Close the connection and leave.
    case quit
}
