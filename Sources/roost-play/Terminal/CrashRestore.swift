import Client
import Glibc

/// What the crash handler needs, prepared before any crash: plain memory only, since a signal
/// handler may not allocate, take locks or run lazy initialisers.
nonisolated(unsafe) private var crashSettings = termios()
nonisolated(unsafe) private var leaveSequence = UnsafeMutableRawBufferPointer(start: nil, count: 0)
/// The handlers installed before ours (the Swift runtime's backtracer), by signal number.
nonisolated(unsafe) private var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 0)

/// Puts the terminal back when the process dies of a crash signal (a failed precondition traps),
/// so a crash leaves a usable shell with the crash report on it rather than a raw, blank screen.
/// The handler only calls async-signal-safe functions (`write`, `tcsetattr`, `sigaction`,
/// `raise`), then re-raises the signal to the handler that was installed before.
enum CrashRestore {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Remembers `settings` (the terminal before raw mode) and installs the handlers.
    static func install(restoring settings: termios) {
        crashSettings = settings
        let leave = Array((ANSI.resetStyle + ANSI.showCursor + ANSI.leaveAlternateScreen).utf8)
        leaveSequence = .allocate(byteCount: leave.count, alignment: 1)
        leaveSequence.copyBytes(from: leave)
        let slots = Int(signals.max()!) + 1
        previousActions = .allocate(capacity: slots)
        previousActions.initialize(repeating: sigaction(), count: slots)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            _ = write(STDOUT_FILENO, leaveSequence.baseAddress, leaveSequence.count)
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &crashSettings)
            sigaction(signal, previousActions + Int(signal), nil)
            raise(signal)
        }
        sigemptyset(&action.sa_mask)
        for signal in signals { sigaction(signal, &action, previousActions + Int(signal)) }
    }
}
