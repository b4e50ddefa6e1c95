import Protocol
import Reactor
import Singleton

/// `/api/jobs` and the singleton's lines of `/metrics`: what operators (and the cluster system
/// tests) see of the scheduled jobs on this node.
extension HTTPRoutes {
    /// Per job: schedule, this node's lease, committed slots (last 100, with run tokens and digests),
    /// slots skipped by catch-up, the previous and next slot by the job clock, and run counters.
    /// Times are Unix seconds by the job clock (which a test may run fast).
    static func jobsView(_ context: NodeContext) -> JSONValue {
        guard let snapshot = context.scheduledJobs.current else {
            return .object(["node": .string(context.nodeName), "started": .bool(false), "jobs": .array([])])
        }
        let now = snapshot.clock.seconds()
        let monotonicNow = MonotonicInstant.now()
        let jobs: [JSONValue] = snapshot.jobs.map { job in
            var lease: JSONObject = ["held": .bool(job.lease != nil)]
            if let held = job.lease {
                lease["token"] = .int(Int64(held.token.value))
                lease["expiresInMs"] = .int(max(0, (held.expiresAt - monotonicNow).nanoseconds / 1_000_000))
            }
            return .object([
                "name": .string(job.name), "schedule": .string(job.schedule.expression),
                "expectedNodes": .int(Int64(snapshot.expectedNodes)), "lease": .object(lease),
                "lastCommitted": job.committed.last.map(committedView) ?? .null,
                "committed": .array(job.committed.map(committedView)),
                "skipped": .array(job.skipped.map { .object(["from": .int($0.lowerBound), "through": .int($0.upperBound)]) }),
                "now": .int(now), "previousSlot": .int(job.schedule.previous(atOrBefore: now)),
                "nextSlot": .int(job.schedule.next(after: now)),
                "runsStarted": .int(Int64(job.runsStarted)), "runsAbandoned": .int(Int64(job.runsAbandoned)),
                "runsFailed": .int(Int64(job.runsFailed)), "commitsSeen": .int(Int64(job.commitsSeen)),
            ])
        }
        return .object([
            "node": .string(context.nodeName), "started": .bool(true), "expectedNodes": .int(Int64(snapshot.expectedNodes)),
            "jobs": .array(jobs),
        ])
    }

    private static func committedView(_ entry: CommittedSlot) -> JSONValue {
        let hex = entry.commit.digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return .object(["slot": .int(entry.slot), "token": .int(Int64(entry.commit.runToken.value)), "digest": .string(hex)])
    }

    /// The singleton's counters in Prometheus' text format (empty before it starts).
    static func jobsMetrics(_ context: NodeContext) -> String {
        guard let snapshot = context.scheduledJobs.current else { return "" }
        var out = ""
        func family(_ name: String, _ help: String, _ values: [(String, Int)], type: String = "counter") {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in values { out += "\(name)\(labels) \(value)\n" }
        }
        func perJob(_ value: (ScheduledJobStatus) -> Int) -> [(String, Int)] {
            snapshot.jobs.map { ("{job=\"\($0.name)\"}", value($0)) }
        }
        family("roost_job_runs_started_total", "Scheduled job runs this node started as leader.", perJob(\.runsStarted))
        family("roost_job_runs_abandoned_total", "Runs abandoned because the lease was lost.", perJob(\.runsAbandoned))
        family("roost_job_runs_failed_total", "Runs the job reported failed.", perJob(\.runsFailed))
        family("roost_job_commits_total", "Slots this node was told committed.", perJob(\.commitsSeen))
        family("roost_job_lease_held", "Whether this node holds the job's lease.", perJob { $0.lease == nil ? 0 : 1 }, type: "gauge")
        family(
            "roost_job_last_committed_slot", "The latest committed slot (Unix seconds by the job clock).",
            perJob { Int($0.committed.last?.slot ?? 0) }, type: "gauge")
        let counters = snapshot.counters
        family("roost_singleton_messages_total", "Singleton protocol messages, by direction.",
            [("{direction=\"in\"}", counters.messagesIn), ("{direction=\"out\"}", counters.messagesOut)])
        family("roost_singleton_decode_errors_total", "Singleton payloads that could not be read (dropped).", [("", counters.decodeErrors)])
        out += "# HELP roost_singleton_ledger_write_seconds Durable ledger writes (temp file, fsync, rename, fsync of the directory).\n"
        out += "# TYPE roost_singleton_ledger_write_seconds summary\n"
        out += "roost_singleton_ledger_write_seconds_sum \(Double(counters.ledgerWriteNanoseconds) / 1e9)\n"
        out += "roost_singleton_ledger_write_seconds_count \(counters.ledgerWrites)\n"
        out += "# HELP roost_singleton_ledger_write_max_seconds The slowest ledger write since start.\n"
        out += "# TYPE roost_singleton_ledger_write_max_seconds gauge\n"
        out += "roost_singleton_ledger_write_max_seconds \(Double(counters.ledgerWriteMaxNanoseconds) / 1e9)\n"
        return out
    }
}
