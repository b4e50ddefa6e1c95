import Glibc

/// The jobs' log lines on stderr, in the server's plain one-line style (`roost jobs: …`).
/// Operators and the cluster system tests read them; they name jobs, slots and tokens, never
/// payloads.
enum JobLog {
    /// Writes `roost jobs: <text>` as one `write(2)`, so lines from several threads never interleave.
    static func line(_ text: String) {
        let bytes = Array("roost jobs: \(text)\n".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
