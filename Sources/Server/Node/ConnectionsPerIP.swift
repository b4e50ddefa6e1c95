import Synchronization

/// Counts open connections per remote IP across all loops, and refuses one over the cap.
///
/// Touched once when a connection opens and once when it closes, never per message.
final class ConnectionsPerIP: Sendable {
    let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = limit }

    /// Admits one more connection from `ip`, or returns false when it already has `limit`.
    func admit(_ ip: String) -> Bool {
        counts.withLock { counts in
            let current = counts[ip, default: 0]
            guard current < limit else { return false }
            counts[ip] = current + 1
            return true
        }
    }

    /// A connection from `ip` that `admit` accepted has closed.
    func release(_ ip: String) {
        counts.withLock { counts in
            let remaining = counts[ip, default: 1] - 1
            counts[ip] = remaining > 0 ? remaining : nil
        }
    }
}
