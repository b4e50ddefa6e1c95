// The results of TLSSession's non-blocking calls. Would-block and peer-closed
// are expected outcomes, so they are cases rather than thrown errors.

/// The result of `TLSSession.handshake()` or `TLSSession.shutdown()`.
public enum TLSStep: Equatable, Sendable {
    /// Finished; do not call again.
    case done
    /// Call again once the socket is readable.
    case wantRead
    /// Call again once the socket is writable.
    case wantWrite
    /// The connection is unusable; close the socket.
    case failed(TLSError)
}

/// The result of `TLSSession.read(into:)`.
public enum TLSRead: Equatable, Sendable {
    /// This many plaintext bytes were stored at the start of the buffer (always > 0).
    case bytes(Int)
    /// Nothing to read until the socket is readable again (the kernel buffer is empty).
    case wantRead
    /// OpenSSL must send something first (a TLS 1.3 key update reply): call
    /// `read` again once the socket is writable.
    case wantWrite
    /// The peer closed: with close_notify (`TLSSession.peerSentCloseNotify`)
    /// or by ending the TCP stream without it. Writing may still be possible.
    case closed
    /// The connection is unusable; close the socket.
    case failed(TLSError)
}

/// The result of `TLSSession.write(_:)`.
public enum TLSWrite: Equatable, Sendable {
    /// This many bytes from the start of the buffer were sent (always > 0, and
    /// at most one 16 KiB record per call); call again with the rest.
    case bytes(Int)
    /// Call `write` again, with the same bytes, once the socket is readable.
    case wantRead
    /// Call `write` again, with the same bytes, once the socket is writable.
    case wantWrite
    /// The connection is unusable; close the socket.
    case failed(TLSError)
}
