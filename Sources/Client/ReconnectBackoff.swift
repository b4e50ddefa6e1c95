import Protocol

/// When to reconnect after a connection ended (spec §8), as a pure value: it is told what
/// happened and answers with a delay; the caller sets the timer.
///
/// - After a drop or a close that says "reconnect and resume" (1001, 1006, 1012), the first
///   attempt waits a random 0–1 s, so that thousands of clients dropped by one restart do not
///   all come back in the same instant.
/// - After 4002 (token refused) the wait is that random 0–1 s too, however many attempts came
///   before: the server answered, so it is up; only the token was wrong, and the next `hello`
///   carries none.
/// - Every further attempt without a `welcome` in between, and any close that says "with backoff"
///   (1008, 1009, 1011, 1013), waits 1 s, doubling up to 30 s, each with ±50 % jitter. The jitter
///   is applied after the cap, so the longest wait is 45 s.
/// - A `welcome` (`succeeded()`) starts the schedule over.
public struct ReconnectBackoff: Hashable, Sendable {
    /// The spread of the random wait before a prompt first reconnect. Default 1 s.
    public var firstAttemptSpread: Duration
    /// The first backoff wait, before jitter. Default 1 s.
    public var initialDelay: Duration
    /// The longest backoff wait, before jitter. Default 30 s.
    public var maxDelay: Duration
    /// The jitter as a fraction of the wait, both ways (0.5: ±50 %). Default 0.5.
    public var jitter: Double

    /// Attempts asked for since the last success.
    public private(set) var attempts = 0
    /// Backoff waits handed out since the last success (the doubling exponent).
    public private(set) var backoffSteps = 0

    /// A schedule with these settings.
    public init(
        firstAttemptSpread: Duration = .seconds(1), initialDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(30), jitter: Double = 0.5
    ) {
        precondition((0...1).contains(jitter), "jitter is a fraction between 0 and 1")
        precondition(initialDelay > .zero && maxDelay >= initialDelay, "delays must be positive and ordered")
        self.firstAttemptSpread = firstAttemptSpread
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The backoff wait before jitter for the `step`-th backoff: 1 s, 2 s, 4 s, ... up to `maxDelay`.
    public func baseDelay(step: Int) -> Duration {
        var delay = initialDelay
        var remaining = step
        while remaining > 0 && delay < maxDelay {
            delay *= 2
            remaining -= 1
        }
        return min(delay, maxDelay)
    }

    /// How long to wait before the next attempt, after `advice` (what the close code says, or
    /// `.backOffAndResume` for an attempt that failed to connect); `nil` when the client must not
    /// reconnect on its own.
    public mutating func nextDelay(
        after advice: CloseCodes.Advice, using random: inout some RandomNumberGenerator
    ) -> Duration? {
        if advice == .doNotReconnect { return nil }
        defer { attempts += 1 }
        if advice == .reconnectWithoutToken || (attempts == 0 && advice == .reconnectAndResume) {
            let spread = Double(firstAttemptSpread.milliseconds)
            return .milliseconds(Int64(Double.random(in: 0...spread, using: &random)))
        }
        let base = Double(baseDelay(step: backoffSteps).milliseconds)
        backoffSteps += 1
        let factor = Double.random(in: (1 - jitter)...(1 + jitter), using: &random)
        return .milliseconds(Int64(base * factor))
    }

    /// A session was (re)established: the next drop starts the schedule over.
    public mutating func succeeded() {
        attempts = 0
        backoffSteps = 0
    }
}

extension Duration {
    /// The whole milliseconds in this duration.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
