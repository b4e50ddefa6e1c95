import Foundation
import Testing
import ResultStore

/// How long one `commit` takes on this disk, fsync included. Off by default
/// (it measures the machine, not the code); run it with
///
///     ROOST_RESULT_STORE_BENCH=1 swift test --filter CommitLatencyBenchmark
///
/// and optionally `ROOST_RESULT_STORE_BENCH_DIR=/some/disk` (default: the
/// system temp dir). Prints percentiles for both durability levels.
@Suite struct CommitLatencyBenchmark {
    static let commits = 1_000

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ROOST_RESULT_STORE_BENCH"] == "1"))
    func commitLatency() throws {
        let parent =
            ProcessInfo.processInfo.environment["ROOST_RESULT_STORE_BENCH_DIR"]
            ?? FileManager.default.temporaryDirectory.path
        for durability in [ResultStore.Durability.full, .normal] {
            let directory = parent + "/roost-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "bench", durability: durability)
            let clock = ContinuousClock()
            var samples: [Duration] = []
            samples.reserveCapacity(Self.commits)
            for index in 0..<Self.commits {
                let result = sampleResult("bench-\(index)", endedAt: 1_700_000_000_000 + Int64(index))
                samples.append(try clock.measure { _ = try store.commit(result) })
            }
            samples.sort()
            func percentile(_ p: Double) -> String {
                let index = min(samples.count - 1, Int((Double(samples.count) * p).rounded(.up)) - 1)
                return milliseconds(samples[index])
            }
            let total = samples.reduce(Duration.zero, +)
            print(
                "commit latency, \(durability), \(Self.commits) commits in \(directory):",
                "p50 \(percentile(0.50)) p90 \(percentile(0.90)) p99 \(percentile(0.99))",
                "max \(milliseconds(samples.last!)) mean \(milliseconds(total / Self.commits)) ms")
        }
    }

    private func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(format: "%.3f", value)
    }
}
