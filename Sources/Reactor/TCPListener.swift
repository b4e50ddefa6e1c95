import CShims
import Glibc

/// A listening TCP socket.
public struct TCPListener: Sendable {
    public let fd: Int32
    /// The bound address (with the real port when bound to port 0).
    public let localAddress: SocketAddress

    /// Binds and listens. With `reusePort`, several listeners (one per loop)
    /// bind the same address and the kernel spreads connections among them.
    public init(address: SocketAddress, backlog: Int32 = 4096, reusePort: Bool = true) throws(SystemError) {
        let fd = cshims_tcp_socket(address.family)
        guard fd >= 0 else { throw .current("socket") }
        _ = cshims_set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        if reusePort { _ = cshims_set_int_option(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
        if address.family == AF_INET6 { _ = cshims_set_int_option(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1) }
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0 else {
            let error = SystemError.current("bind \(address)")
            Glibc.close(fd)
            throw error
        }
        guard listen(fd, backlog) == 0 else {
            let error = SystemError.current("listen \(address)")
            Glibc.close(fd)
            throw error
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.localAddress = SocketAddress(storage: storage, length: length)
    }

    /// The outcome of one accept.
    public enum Accepted: Sendable {
        case connection(TCPSocket, SocketAddress)
        /// No pending connection.
        case wouldBlock
        /// The process or system is out of file descriptors (EMFILE/ENFILE):
        /// the caller must back off, or level-triggered epoll spins.
        case outOfDescriptors(SystemError)
        /// Any other failure for this one connection (e.g. ECONNABORTED).
        case failed(SystemError)
    }

    public func accept() -> Accepted {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = cshims_accept(fd, &storage, &length)
            if client >= 0 {
                _ = cshims_set_int_option(client, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return .connection(TCPSocket(fd: client), SocketAddress(storage: storage, length: length))
            }
            let error = cshims_errno()
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfDescriptors(SystemError(errno: error, operation: "accept"))
            default: return .failed(SystemError(errno: error, operation: "accept"))
            }
        }
    }

    public func close() { _ = Glibc.close(fd) }
}
