import Glibc
import Reactor

/// A file descriptor on the event loop whose bytes go to `onBytes` (standard input, the signal
/// pipe); `onEnd` hears end-of-file or an error (the terminal went away).
final class ByteSource: EventHandler {
    let fd: Int32
    private let loop: EventLoop
    private let onBytes: ([UInt8]) -> Void
    private let onEnd: () -> Void
    private var registration: Registration?
    private var buffer = [UInt8](repeating: 0, count: 4096)

    init(fd: Int32, loop: EventLoop, onBytes: @escaping ([UInt8]) -> Void, onEnd: @escaping () -> Void) throws(SystemError) {
        self.fd = fd
        self.loop = loop
        self.onBytes = onBytes
        self.onEnd = onEnd
        registration = try loop.register(fd: fd, interest: .readable, handler: self)
    }

    func handleReadiness(_ readiness: Readiness) {
        // One read per event: epoll is level-triggered, so more bytes call again. The descriptor
        // may be blocking (a terminal); a read after readiness does not block.
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            onBytes(Array(buffer[..<count]))
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            // Stop watching first: a descriptor at end-of-file stays readable forever.
            if let registration { loop.deregister(registration) }
            registration = nil
            onEnd()
        }
    }
}
