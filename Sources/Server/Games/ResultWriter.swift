import Logging
import Reactor
import ResultStore
import Synchronization

/// Commits finished games' results to the result store on a thread of its own.
///
/// SQLite with `synchronous=FULL` waits for an fsync (milliseconds); a game loop must never wait
/// for a disk. A game hands its result here and keeps serving its other games; the writer commits
/// whatever has queued up in one transaction (one fsync for many results when games end together)
/// and calls each submitter back on its own loop. Only then does the game tell its players.
final class ResultWriter: Sendable {
    /// A result to commit and whom to tell.
    private struct Job: Sendable {
        let result: NewGameResult
        let loop: EventLoop
        let done: @Sendable (Result<GameResult, ResultStoreError>) -> Void
    }

    let store: ResultStore
    private let thread: EventLoopGroup
    private let queue = Mutex<[Job]>([])
    private let metrics: ServerMetrics
    /// Failures go here as warnings (the errors name the operation and file, never a row's values).
    private let logger: Logger
    /// Hands freshly committed results to the cluster and calls back once another node holds them
    /// (or none can); set once at start when clustered, called on this writer's thread.
    nonisolated(unsafe) var replicate: (@Sendable ([GameResult], @escaping @Sendable () -> Void) -> Void)?

    init(store: ResultStore, metrics: ServerMetrics, logger: Logger) throws(SystemError) {
        self.store = store
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: LogLineFormatter.componentKey] = "results"
        self.logger = logger
        thread = try EventLoopGroup(loopCount: 1, name: "roost-results")
    }

    /// Queues `result`; `done` runs on `loop` once it is committed or has failed.
    func submit(
        _ result: NewGameResult, from loop: EventLoop,
        done: @escaping @Sendable (Result<GameResult, ResultStoreError>) -> Void
    ) {
        let wasIdle = queue.withLock { jobs in
            jobs.append(Job(result: result, loop: loop, done: done))
            return jobs.count == 1
        }
        if wasIdle { thread.loops[0].execute { [self] in drain() } }
    }

    private func drain() {
        let jobs = queue.withLock { jobs in
            let taken = jobs
            jobs.removeAll()
            return taken
        }
        guard !jobs.isEmpty else { return }
        do {
            let committed = try store.commit(jobs.map(\.result))
            metrics.resultsCommitted.add(committed.count)
            // Players hear the outcome once the result is durable here and held by another node
            // too, so a node killed right after a game loses no result.
            afterReplicating(committed) {
                for (job, result) in zip(jobs, committed) {
                    job.loop.execute { job.done(.success(result)) }
                }
            }
        } catch {
            // One bad result must not sink the others: commit them one by one to tell them apart.
            metrics.resultCommitFailures.add(1)
            for job in jobs {
                let outcome: Result<GameResult, ResultStoreError>
                do {
                    let stored = try store.commit(job.result)
                    outcome = .success(stored)
                    metrics.resultsCommitted.add(1)
                    afterReplicating([stored]) { job.loop.execute { job.done(outcome) } }
                    continue
                } catch {
                    logger.warning("\(error)", metadata: ["event": "result_commit_failed", "game": .string(job.result.gameID)])
                    outcome = .failure(error)
                }
                job.loop.execute { job.done(outcome) }
            }
        }
    }

    private func afterReplicating(_ results: [GameResult], _ then: @escaping @Sendable () -> Void) {
        guard let replicate else { return then() }
        replicate(results, then)
    }

    /// Runs `work` on the writer's thread, where store work belongs.
    func onWriterThread(_ work: @escaping @Sendable () -> Void) {
        thread.loops[0].execute(work)
    }

    /// Stores results that came from other nodes; returns how many were new.
    func storeReplicated(_ results: [GameResult]) -> Int {
        do {
            let inserted = try store.insertReplicated(results)
            metrics.resultsReplicated.add(inserted)
            return inserted
        } catch {
            metrics.resultCommitFailures.add(1)
            logger.warning("\(error)", metadata: ["event": "replicated_results_not_stored", "count": .stringConvertible(results.count)])
            return 0
        }
    }

    /// Finishes what is queued and stops the thread.
    func shutdown() {
        let done = Latch(count: 1)
        thread.loops[0].execute { [self] in
            drain()
            done.countDown()
        }
        done.wait()
        thread.shutdown()
    }
}
