import Glibc

/// The write end of the signal pipe, for the signal handler (only async-signal-safe `write` there).
nonisolated(unsafe) private var signalWriteFD: Int32 = -1

/// Turns SIGINT, SIGTERM, SIGHUP and SIGWINCH into bytes on a pipe that the event loop reads
/// (the self-pipe trick): the handler only writes the signal number, and the loop acts on it
/// like on any other input, so quitting restores the terminal and closes the connection in order.
enum SignalPipe {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH]

    /// Installs the handlers; returns the read end to register with the loop.
    static func install() throws(TerminalError) -> Int32 {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw TerminalError("cannot create the signal pipe") }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        signalWriteFD = ends[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            var byte = UInt8(truncatingIfNeeded: signal)
            _ = write(signalWriteFD, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signal in signals { sigaction(signal, &action, nil) }
        return ends[0]
    }
}
