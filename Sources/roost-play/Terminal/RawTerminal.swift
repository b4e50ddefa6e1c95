import Client
import Glibc

/// The terminal's settings before roost-play changed them: what `restore` puts back, also from
/// the exit hook. Written once before raw mode is entered, read at exit.
nonisolated(unsafe) private var savedSettings: termios?

/// Puts the terminal in raw mode on the alternate screen, and puts it back.
///
/// Raw: no echo, no line buffering, no signals from keys (Ctrl-C arrives as a byte and quits
/// cleanly), no output processing (screens position every line themselves). Restored by
/// `restore()`, and by an exit hook for any other way out of the process.
enum RawTerminal {
    /// Switches to raw mode; throws when standard input is not a terminal.
    static func enter() throws(TerminalError) {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { throw TerminalError("standard input is not a terminal") }
        savedSettings = settings
        atexit { RawTerminal.restore() }
        CrashRestore.install(restoring: settings)
        settings.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        settings.c_oflag &= ~tcflag_t(OPOST)
        settings.c_cflag |= tcflag_t(CS8)
        settings.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        // One byte at least per read, no timer: reads come only when epoll says bytes wait.
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings) == 0 else { throw TerminalError("cannot set raw mode") }
        TerminalOutput.write(ANSI.enterAlternateScreen + ANSI.hideCursor + ANSI.clearScreen)
    }

    /// Leaves the alternate screen and restores the settings; does nothing the second time.
    static func restore() {
        guard var settings = savedSettings else { return }
        savedSettings = nil
        TerminalOutput.write(ANSI.resetStyle + ANSI.showCursor + ANSI.leaveAlternateScreen)
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
    }
}

/// The terminal could not be used.
struct TerminalError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
