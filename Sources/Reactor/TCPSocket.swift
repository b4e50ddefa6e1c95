import CShims
import Glibc

/// A connected, non-blocking TCP socket. A value: whoever owns the connection
/// closes it exactly once.
public struct TCPSocket: Sendable {
    /// The file descriptor.
    public let fd: Int32

    public init(fd: Int32) { self.fd = fd }

    /// Starts a non-blocking connect. Returns the socket and whether the
    /// connection is already established (loopback often is); otherwise wait
    /// for writability and call `finishConnect()`.
    public static func connect(to address: SocketAddress) throws(SystemError) -> (socket: TCPSocket, connected: Bool) {
        let fd = cshims_tcp_socket(address.family)
        guard fd >= 0 else { throw .current("socket") }
        _ = cshims_set_int_option(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        let result = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if result == 0 { return (TCPSocket(fd: fd), true) }
        let error = cshims_errno()
        if error == EINPROGRESS { return (TCPSocket(fd: fd), false) }
        Glibc.close(fd)
        throw SystemError(errno: error, operation: "connect \(address)")
    }

    /// After writability on a pending connect: nil when connected, else why not.
    public func finishConnect() -> SystemError? {
        let error = cshims_get_socket_error(fd)
        return error == 0 ? nil : SystemError(errno: error, operation: "connect")
    }

    /// Reads into `buffer` once.
    @inline(__always)
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> IOOutcome {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfFile }
            let error = cshims_errno()
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SystemError(errno: error, operation: "read"))
            }
        }
    }

    /// Writes as much of `bytes` as the kernel takes now. Uses send(2) with
    /// MSG_NOSIGNAL so a closed peer is an error value, not a SIGPIPE.
    @inline(__always)
    public func write(_ bytes: UnsafeRawBufferPointer) -> IOOutcome {
        while true {
            let n = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            let error = cshims_errno()
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SystemError(errno: error, operation: "write"))
            }
        }
    }

    /// Writes several buffers in one system call (sendmsg with an iovec array).
    public func write(vectors: UnsafeMutableBufferPointer<iovec>) -> IOOutcome {
        var message = msghdr()
        message.msg_iov = vectors.baseAddress
        message.msg_iovlen = vectors.count
        while true {
            let n = sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            let error = cshims_errno()
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SystemError(errno: error, operation: "writev"))
            }
        }
    }

    /// Half-closes the sending side (the peer reads end-of-file).
    public func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Sets SO_LINGER to zero so close() sends RST and frees the socket at
    /// once; for connections we abort (abuse, timeouts), never for clean closes.
    public func setAbortOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    public func close() {
        _ = Glibc.close(fd)
    }

    /// The address of the remote end.
    public func peerAddress() -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) == 0 }
        }
        return ok ? SocketAddress(storage: storage, length: length) : nil
    }
}
