import Leaderboard
import ResultStore
import Singleton

/// The tasks every node serves for the leaderboard job.
enum LeaderboardTasks {
    /// A run's output (`StoredPublication` wire bytes): store it if the ledger admits its token.
    static let publish = "leaderboard-publish"
    /// A `PublicationKey`: answer with that run's output, or no bytes when it is not held here.
    static let fetch = "leaderboard-fetch"
    /// No payload: answer with this node's result watermarks (`ResultStore.sequenceWatermarks`).
    static let resultWatermarks = "result-watermarks"
}

/// Storing publications, committing slots and the boards a restarted node starts with.
extension LeaderboardJob {
    func registerHandlers() {
        let store = store, results = context.results.store
        tasks.register(LeaderboardTasks.publish) { [self] payload, _, reply in
            let publication: StoredPublication
            do {
                publication = try StoredPublication(wireBytes: payload)
            } catch {
                return reply(.failure(TaskFailure(reason: "unreadable publication: \(error)")))
            }
            loop.execute { [self] in
                // Fencing: a run whose lease a newer one replaced publishes nothing here.
                guard admits(publication.job, FencingToken(publication.token)) else {
                    return reply(.failure(TaskFailure(reason: "token #\(publication.token) is not admitted")))
                }
                tasks.worker.execute {
                    do {
                        try store.store(publication)
                        reply(.success([]))
                    } catch {
                        reply(.failure(TaskFailure(reason: "storing: \(error)")))
                    }
                }
            }
        }
        tasks.register(LeaderboardTasks.fetch) { payload, _, reply in
            do {
                let key = try PublicationKey(wireBytes: payload)
                let held = try store.publication(job: key.job, slot: key.slot, token: key.token)
                reply(.success(held?.wireBytes() ?? []))
            } catch {
                reply(.failure(TaskFailure(reason: "fetching: \(error)")))
            }
        }
        tasks.register(LeaderboardTasks.resultWatermarks) { _, _, reply in
            do {
                reply(.success(ResultWatermarks(try results.sequenceWatermarks()).wireBytes()))
            } catch {
                reply(.failure(TaskFailure(reason: "reading watermarks: \(error)")))
            }
        }
    }

    /// Publishes the newest committed runs kept on disk (as many as the boards keep per kind).
    func loadCommitted() throws(ResultStoreError) {
        let keep = context.leaderboards.current.archivedPerKind + 1
        for publication in try store.committedPublications(job: name, limit: keep) {
            guard let snapshots = Self.decode(publication) else { continue }
            context.leaderboards.publish(snapshots, slot: publication.slot)
        }
    }

    static func decode(_ publication: StoredPublication) -> [LeaderboardSnapshot]? {
        try? publication.snapshots.map { try LeaderboardSnapshot(encoded: $0.bytes) }
    }

    func committed(_ slot: JobSlot, _ commit: SlotCommit) {
        precondition(loop.inLoop, "LeaderboardJob runs on the cluster loop")
        guard committing.insert(slot).inserted else { return }
        commitFromStore(slot, commit)
    }

    /// Makes the committed run's output current from the local store, or fetches it first.
    private func commitFromStore(_ slot: JobSlot, _ commit: SlotCommit) {
        let store = store, leaderboards = context.leaderboards
        tasks.worker.execute { [self] in
            let held = try? store.publication(job: slot.job, slot: slot.slot, token: commit.runToken.value)
            guard let held, held.digest == commit.digest, let snapshots = Self.decode(held) else {
                return loop.execute { [self] in fetch(slot, commit) }
            }
            leaderboards.publish(snapshots, slot: slot.slot)
            do {
                try store.markCommitted(job: slot.job, slot: slot.slot, token: commit.runToken.value)
            } catch {
                // The boards are current; only a restart would miss them, and it fetches again then.
                context.metrics.resultCommitFailures.add(1)
            }
            loop.execute { [self] in _ = committing.remove(slot) }
        }
    }

    /// Asks every live peer for the committed run's output; keeps asking until one has it.
    private func fetch(_ slot: JobSlot, _ commit: SlotCommit) {
        let key = PublicationKey(job: slot.job, slot: slot.slot, token: commit.runToken.value)
        let peers = bridge.liveMembers
        let retry: () -> Void = { [self] in
            loop.schedule(after: fetchRetryInterval) { [self] in commitFromStore(slot, commit) }
        }
        guard !peers.isEmpty else { return retry() }
        tasks.each(LeaderboardTasks.fetch, key.wireBytes(), nodes: peers) { [self] outcomes in
            let found = outcomes.values.lazy.compactMap { outcome -> StoredPublication? in
                guard case .success(let bytes) = outcome, !bytes.isEmpty else { return nil }
                return try? StoredPublication(wireBytes: bytes)
            }.first { $0.digest == commit.digest && $0.token == commit.runToken.value && $0.slot == slot.slot }
            guard let found else { return retry() }
            let store = store
            tasks.worker.execute { [self] in
                // Committed by the cluster: stored whatever the ledger says of its token now.
                try? store.store(found)
                loop.execute { [self] in commitFromStore(slot, commit) }
            }
        }
    }
}

/// A node's result watermarks as the `result-watermarks` task carries them.
struct ResultWatermarks: Equatable, Sendable {
    let marks: [String: Int64]

    init(_ marks: [String: Int64]) { self.marks = marks }

    func wireBytes() -> [UInt8] {
        var writer = WireWriter()
        writer.unsigned(UInt64(marks.count))
        for (origin, sequence) in marks.sorted(by: { $0.key < $1.key }) {
            writer.string(origin)
            writer.int(Int(sequence))
        }
        return writer.bytes
    }

    init(wireBytes bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        var marks: [String: Int64] = [:]
        for _ in 0..<(try reader.count(max: 100_000, "origins")) { marks[try reader.string()] = Int64(try reader.int()) }
        guard reader.isAtEnd else { throw WireError(description: "trailing bytes in watermarks") }
        self.marks = marks
    }

    /// Whether `self` holds at least everything `other` holds.
    func covers(_ other: ResultWatermarks) -> Bool {
        other.marks.allSatisfy { origin, held in marks[origin, default: 0] >= held }
    }
}
