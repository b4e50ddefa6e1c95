import Client
import Protocol
import Testing

/// The reconnect schedule of spec §8, driven with seeded randomness (no clocks involved).
struct ReconnectBackoffTests {
    @Test func firstReconnectAfterADropWaitsAtMostOneSecond() {
        for seed in 0..<200 as Range<UInt64> {
            var random = SeededRandom(seed: seed)
            var backoff = ReconnectBackoff()
            let delay = backoff.nextDelay(after: .reconnectAndResume, using: &random)
            #expect(delay != nil && delay! >= .zero && delay! <= .seconds(1))
        }
    }

    @Test func firstReconnectDelaysAreSpreadOutNotAllTheSame() {
        var random = SeededRandom(seed: 7)
        let delays = Set((0..<50).map { _ in
            var backoff = ReconnectBackoff()
            return backoff.nextDelay(after: .reconnectAndResume, using: &random)!
        })
        #expect(delays.count > 10)
    }

    @Test func failedAttemptsBackOffFromOneSecondDoublingWithinHalfEitherWay() {
        var random = SeededRandom(seed: 3)
        var backoff = ReconnectBackoff()
        _ = backoff.nextDelay(after: .reconnectAndResume, using: &random)
        let bases: [Double] = [1, 2, 4, 8, 16, 30, 30, 30]
        for base in bases {
            let delay = backoff.nextDelay(after: .backOffAndResume, using: &random)!
            #expect(delay >= .milliseconds(Int64(base * 500)) && delay <= .milliseconds(Int64(base * 1500)))
        }
    }

    @Test func baseDelayDoublesUpToThirtySeconds() {
        let backoff = ReconnectBackoff()
        #expect((0..<7).map { backoff.baseDelay(step: $0) } == [1, 2, 4, 8, 16, 30, 30].map { .seconds($0) })
        #expect(backoff.baseDelay(step: 1_000) == .seconds(30))
    }

    @Test func closeThatAsksForBackoffSkipsTheQuickFirstAttempt() {
        var random = SeededRandom(seed: 11)
        var backoff = ReconnectBackoff()
        let delay = backoff.nextDelay(after: .backOffAndResume, using: &random)!
        #expect(delay >= .milliseconds(500) && delay <= .milliseconds(1500))
        #expect(backoff.backoffSteps == 1)
    }

    @Test func refusedTokenReconnectsPromptlyEvenAfterFailedAttempts() {
        var random = SeededRandom(seed: 9)
        var backoff = ReconnectBackoff()
        for _ in 0..<5 { _ = backoff.nextDelay(after: .backOffAndResume, using: &random) }
        let delay = backoff.nextDelay(after: .reconnectWithoutToken, using: &random)!
        #expect(delay <= .seconds(1))
        #expect(backoff.backoffSteps == 5)
    }

    @Test func closeThatSaysDoNotReconnectGivesNoDelay() {
        var random = SeededRandom(seed: 1)
        var backoff = ReconnectBackoff()
        #expect(backoff.nextDelay(after: .doNotReconnect, using: &random) == nil)
        #expect(backoff.attempts == 0)
    }

    @Test func successStartsTheScheduleOver() {
        var random = SeededRandom(seed: 5)
        var backoff = ReconnectBackoff()
        for _ in 0..<6 { _ = backoff.nextDelay(after: .backOffAndResume, using: &random) }
        backoff.succeeded()
        #expect(backoff.attempts == 0 && backoff.backoffSteps == 0)
        #expect(backoff.nextDelay(after: .reconnectAndResume, using: &random)! <= .seconds(1))
    }

    @Test func adviceFollowsTheCloseCodeTable() {
        #expect(ConnectionClose.dropped.advice == .reconnectAndResume)
        #expect(ConnectionClose(code: 1012).advice == .reconnectAndResume)
        #expect(ConnectionClose(code: 1013).advice == .backOffAndResume)
        #expect(ConnectionClose(code: 4002).advice == .reconnectWithoutToken)
        #expect(ConnectionClose(code: 4003).advice == .doNotReconnect)
        #expect(ConnectionClose(code: 1000).advice == .doNotReconnect)
    }
}

/// SplitMix64: a small deterministic generator for tests.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
