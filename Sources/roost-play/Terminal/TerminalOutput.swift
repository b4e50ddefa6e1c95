import Glibc

/// Writes to standard output, all of it: retrying after interrupts, and waiting for the terminal
/// when it is slow (standard output shares its file with standard input, which another program
/// may have made non-blocking).
enum TerminalOutput {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && errno == EAGAIN {
                    var waiter = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiter, 1, 1000)
                } else {
                    return  // the terminal is gone; nothing left to show anything on
                }
            }
        }
    }
}
