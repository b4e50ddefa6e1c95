import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// What one OpenSSL call reported, copied out of `copenssl_tls_result`.
struct TLSCallReport: Equatable {
    /// `SSL_get_error()` for the call (`SSL_ERROR_NONE` on success).
    var sslError: Int32
    /// errno straight after the call; meaningful for `SSL_ERROR_SYSCALL`.
    var systemErrno: Int32 = 0
    /// The peer ended the TCP stream without close_notify.
    var unexpectedEOF: Bool = false
    /// Bytes moved by a successful read or write.
    var bytes: Int = 0
    /// The call's own drained error queue.
    var message: String = ""

    init(sslError: Int32, systemErrno: Int32 = 0, unexpectedEOF: Bool = false, bytes: Int = 0, message: String = "") {
        self.sslError = sslError
        self.systemErrno = systemErrno
        self.unexpectedEOF = unexpectedEOF
        self.bytes = bytes
        self.message = message
    }

    init(_ result: copenssl_tls_result) {
        self.sslError = result.ssl_error
        self.systemErrno = result.sys_errno
        self.unexpectedEOF = result.unexpected_eof != 0
        self.bytes = result.bytes
        self.message = withUnsafeBytes(of: result.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

/// How one OpenSSL call ended, before `TLSSession` narrows it to a
/// `TLSStep`, `TLSRead` or `TLSWrite`.
enum TLSCallOutcome: Equatable {
    /// The call succeeded, moving this many bytes (0 for handshake/shutdown).
    case success(bytes: Int)
    /// Retry once the socket is readable.
    case wantRead
    /// Retry once the socket is writable.
    case wantWrite
    /// The peer closed: `cleanly` with close_notify, otherwise by TCP EOF.
    case closed(cleanly: Bool)
    /// The connection is unusable.
    case failed(TLSError)

    /// Whether OpenSSL considers the connection dead after this outcome. After
    /// `SSL_ERROR_SSL` or `SSL_ERROR_SYSCALL` no further SSL_* call, not even
    /// `SSL_shutdown`, is allowed (see SSL_get_error(3), SSL_shutdown(3)).
    var isFatal: Bool {
        switch self {
        case .failed, .closed(cleanly: false): true
        case .success, .wantRead, .wantWrite, .closed(cleanly: true): false
        }
    }

    /// Maps `SSL_get_error()` and errno to an outcome.
    ///
    /// OpenSSL 3 reports a TCP EOF without close_notify as `SSL_ERROR_SSL`
    /// (`unexpected eof while reading`); older releases and some paths report
    /// `SSL_ERROR_SYSCALL` with errno 0. Both become `.closed(cleanly: false)`.
    /// We do not set `SSL_OP_IGNORE_UNEXPECTED_EOF`, which would make such an
    /// EOF indistinguishable from a real close_notify.
    static func classify(_ report: TLSCallReport, operation: String) -> TLSCallOutcome {
        switch report.sslError {
        case SSL_ERROR_NONE:
            return .success(bytes: report.bytes)
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed(cleanly: true)
        case SSL_ERROR_SYSCALL:
            if report.systemErrno == 0 {
                return report.message.isEmpty
                    ? .closed(cleanly: false)
                    : .failed(TLSError(operation: operation, message: report.message))
            }
            return .failed(TLSError(operation: operation, message: describeSystemError(report)))
        case SSL_ERROR_SSL:
            if report.unexpectedEOF { return .closed(cleanly: false) }
            let message = report.message.isEmpty ? "OpenSSL reported a protocol error without details" : report.message
            return .failed(TLSError(operation: operation, message: message))
        default:
            // WANT_X509_LOOKUP, WANT_ASYNC, ...: only reachable with features we never enable.
            return .failed(TLSError(operation: operation, message: "unexpected SSL_get_error() result \(report.sslError)"))
        }
    }

    private static func describeSystemError(_ report: TLSCallReport) -> String {
        let name: String
        switch report.systemErrno {
        case ECONNRESET: name = "connection reset by peer (ECONNRESET)"
        case EPIPE: name = "the peer has closed the connection (EPIPE)"
        case ETIMEDOUT: name = "connection timed out (ETIMEDOUT)"
        default: name = "system call failed (errno \(report.systemErrno))"
        }
        return report.message.isEmpty ? name : "\(name); \(report.message)"
    }
}
