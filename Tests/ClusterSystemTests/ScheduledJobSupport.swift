import Foundation
import Glibc

/// What the scheduled-job tests read from a node: `/api/jobs` and the `roost jobs:` log lines.
/// Nothing here depends on what the leaderboard job computes, so the tests hold for the real job
/// as they do for the placeholder.
struct CommittedSlot: Equatable, CustomStringConvertible {
    let slot: Int64
    let token: Int64
    var description: String { "\(slot)#\(token)" }
}

/// A `run started` log line.
struct RunStart: Hashable {
    let slot: Int64
    let token: Int64
}

/// A simulated night of the nightly job's schedule.
let night: Int64 = 86_400

extension NodeProcess {
    /// The leaderboard job's entry in `/api/jobs`, or nil when the node cannot be reached.
    func leaderboardJob() -> [String: Any]? {
        guard let body = get("/api/jobs"), let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let jobs = object["jobs"] as? [[String: Any]]
        else { return nil }
        return jobs.first { $0["name"] as? String == "leaderboard" }
    }

    /// The committed slots this node lists, oldest first (empty when it cannot be reached).
    func committed() -> [CommittedSlot] {
        guard let list = leaderboardJob()?["committed"] as? [[String: Any]] else { return [] }
        return list.compactMap { entry in
            guard let slot = (entry["slot"] as? NSNumber)?.int64Value, let token = (entry["token"] as? NSNumber)?.int64Value
            else { return nil }
            return CommittedSlot(slot: slot, token: token)
        }
    }

    /// SIGSTOP: the process freezes (its clocks do not).
    func pause() { kill(process.processIdentifier, SIGSTOP) }

    /// SIGCONT.
    func resume() { kill(process.processIdentifier, SIGCONT) }
}

/// Reads the `roost jobs:` lines of a node's log.
enum JobLogLines {
    /// How many `leaderboard slot S committed` lines each slot has.
    static func commitCounts(_ output: String) -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for line in lines(output, containing: " committed (run ") {
            if let slot = number(after: "roost jobs: leaderboard slot ", in: line) { counts[slot, default: 0] += 1 }
        }
        return counts
    }

    /// Every `run started` line, in order.
    static func runStarts(_ output: String) -> [RunStart] {
        lines(output, containing: " run started (token ").compactMap { line in
            guard let slot = number(after: "roost jobs: leaderboard slot ", in: line),
                let token = number(after: "(token ", in: line)
            else { return nil }
            return RunStart(slot: slot, token: token)
        }
    }

    /// The ranges catch-up reported skipped.
    static func skipped(_ output: String) -> [ClosedRange<Int64>] {
        lines(output, containing: " skipped: ").compactMap { line in
            guard let from = number(after: "roost jobs: leaderboard slots ", in: line), let through = number(after: "...", in: line)
            else { return nil }
            return from...through
        }
    }

    private static func lines(_ output: String, containing marker: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.hasPrefix("roost jobs: ") && $0.contains(marker) }
    }

    private static func number(after marker: String, in line: Substring) -> Int64? {
        guard let range = line.range(of: marker) else { return nil }
        return Int64(line[range.upperBound...].prefix { $0.isNumber })
    }
}

/// Whether each slot of `list` is the night after the one before.
func isConsecutive(_ list: [CommittedSlot]) -> Bool {
    zip(list, list.dropFirst()).allSatisfy { $1.slot - $0.slot == night }
}

/// `list` up to and including `slot`.
func through(_ slot: Int64, _ list: [CommittedSlot]) -> [CommittedSlot] { list.filter { $0.slot <= slot } }
