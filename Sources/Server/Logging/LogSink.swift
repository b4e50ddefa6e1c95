import Glibc
import Synchronization

/// Where finished log lines go. Standard error by default; tests collect lines in memory.
public struct LogSink: Sendable {
    /// Writes one complete line (ending in a newline).
    public let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// Standard error, one `write(2)` per line, so lines from several loops never interleave
    /// mid-line (the kernel makes a single write to a pipe of up to PIPE_BUF bytes atomic, and
    /// journald and container runtimes read whole writes).
    public static let standardError = LogSink { line in
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }  // stderr is gone: nothing better to do than drop the line
            offset += written
        }
        bytes.removeAll()
    }

    /// A sink that keeps every line, and the list it keeps them in.
    public static func memory() -> (sink: LogSink, lines: LogLines) {
        let lines = LogLines()
        return (LogSink { line in lines.append(line) }, lines)
    }
}

/// Lines a memory sink collected (tests).
public final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])
    init() {}
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    /// Every line so far.
    public var all: [String] { storage.withLock { $0 } }
}
