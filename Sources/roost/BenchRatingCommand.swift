import ArgumentParser
import Server

/// `roost bench-rating`: rating a period on one node vs spread over in-process nodes (hidden; figures only).
struct BenchRatingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-rating",
        abstract: "Time rating a period on one node and spread over several (in-process, loopback).",
        shouldDisplay: false
    )

    @Option(help: "Results (two-player games) in the period.")
    var results = 1_000_000

    @Option(help: "Distinct players (default: results / 10).")
    var players: Int?

    @Option(help: "Nodes to spread over.")
    var nodes = 3

    @Flag(help: "A small run for CI (20,000 results).")
    var quick = false

    func run() throws {
        let count = quick ? 20_000 : results
        let report = try RatingBenchmark.run(results: count, players: players ?? max(2, count / 10), nodes: nodes)
        print(report)
    }
}
