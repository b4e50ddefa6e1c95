import CShims
import Glibc

/// A failed system call: which operation, on what, and the errno it returned.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The errno value the call left behind.
    public let errno: Int32
    /// What was being done, e.g. `"bind 127.0.0.1:8080"`.
    public let operation: String

    public init(errno: Int32, operation: String) {
        self.errno = errno
        self.operation = operation
    }

    /// Captures the calling thread's current errno.
    public static func current(_ operation: String) -> SystemError {
        SystemError(errno: cshims_errno(), operation: operation)
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The outcome of a non-blocking read or write on a socket.
///
/// Expected outcomes are values, not errors: `wouldBlock` and `endOfFile` are
/// how a healthy connection spends most of its life.
public enum IOOutcome: Equatable, Sendable {
    /// This many bytes moved (never 0 for a read; that is `endOfFile`).
    case bytes(Int)
    /// The kernel has no data or no buffer space now; wait for readiness.
    case wouldBlock
    /// The peer closed its side (read returned 0).
    case endOfFile
    /// The connection failed (reset, broken pipe, ...).
    case failed(SystemError)
}
