/// The byte stream under a connection: plain TCP or TLS over TCP.
///
/// An enum rather than a protocol so the per-read and per-write dispatch is a
/// branch, not an existential call, and so a connection holds it inline.
public enum Transport {
    case plain(TCPSocket)
    case tls(TCPSocket, TLSSession)

    public var socket: TCPSocket {
        switch self {
        case .plain(let socket), .tls(let socket, _): socket
        }
    }

    /// Reads once. For TLS, `.wouldBlock` covers both want-read and
    /// want-write (renegotiation is disabled, so want-write on read only
    /// happens mid-handshake).
    @inline(__always)
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> IOOutcome {
        switch self {
        case .plain(let socket):
            return socket.read(into: buffer)
        case .tls(_, let session):
            switch session.read(into: buffer) {
            case .bytes(let count): return .bytes(count)
            case .wantRead, .wantWrite: return .wouldBlock
            case .closed: return .endOfFile
            case .failed(let error): return .failed(SystemError(errno: 0, operation: error.description))
            }
        }
    }

    /// Writes what the transport takes now.
    @inline(__always)
    public func write(_ bytes: UnsafeRawBufferPointer) -> IOOutcome {
        switch self {
        case .plain(let socket):
            return socket.write(bytes)
        case .tls(_, let session):
            switch session.write(bytes) {
            case .bytes(let count): return .bytes(count)
            case .wantRead, .wantWrite: return .wouldBlock
            case .failed(let error): return .failed(SystemError(errno: 0, operation: error.description))
            }
        }
    }

    /// TLS may hold decrypted bytes that epoll cannot see; read again before
    /// waiting when this is true.
    public var hasBufferedInput: Bool {
        if case .tls(_, let session) = self { return session.hasBufferedPlaintext }
        return false
    }

    /// Sends TLS close_notify (best effort) and closes the socket.
    public func close() {
        if case .tls(_, let session) = self { _ = session.shutdown() }
        socket.close()
    }
}
