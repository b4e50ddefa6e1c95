import Synchronization

/// The node's counters and gauges, read by `GET /metrics` in Prometheus' text format.
///
/// Counters are atomics (relaxed: they are statistics, not synchronisation), bumped on the loop
/// that sees the event. Gauges that loops own (sessions, games) are published per loop and summed
/// when read. Every message a limit drops is counted here, by reason.
public final class ServerMetrics: Sendable {
    /// Why a message or connection was refused; one counter each.
    public enum Drop: Int, CaseIterable, Sendable {
        /// Over the per-connection message rate.
        case messageRate
        /// Over the per-connection byte rate.
        case byteRate
        /// Over the per-session chat rate.
        case chatRate
        /// Unreadable JSON.
        case badJSON
        /// A field missing or of the wrong type.
        case badField
        /// An unknown message type.
        case unknownType
        /// A binary frame (Roost speaks text).
        case binary
        /// A message over `maxMessageBytes`.
        case tooBig
        /// A connection over the per-IP cap.
        case perIPCap
        /// No `hello` in time, or another message first.
        case helloRequired
        /// A forged or expired token.
        case invalidToken
        /// A protocol version this server does not speak.
        case versionMismatch
        /// Closed for persistent abuse (4029).
        case abuseClose

        var label: String {
            switch self {
            case .messageRate: "message_rate"
            case .byteRate: "byte_rate"
            case .chatRate: "chat_rate"
            case .badJSON: "bad_json"
            case .badField: "bad_field"
            case .unknownType: "unknown_type"
            case .binary: "binary"
            case .tooBig: "too_big"
            case .perIPCap: "per_ip_cap"
            case .helloRequired: "hello_required"
            case .invalidToken: "invalid_token"
            case .versionMismatch: "version_mismatch"
            case .abuseClose: "abuse_close"
            }
        }
    }

    private let drops: [Drop: Counter]
    /// Client messages read.
    let messagesIn = Counter()
    /// Server messages sent to connections (replays included).
    let messagesOut = Counter()
    /// Games that finished with a committed result.
    let resultsCommitted = Counter()
    /// Finished games whose players were told before any other node confirmed holding the result.
    let replicationWaitsTimedOut = Counter()
    /// Results received from other nodes and stored here.
    let resultsReplicated = Counter()
    /// Games handed to this node by a draining one (graceful hand-off), and games this node handed
    /// over while draining.
    let gamesAdopted = Counter()
    let gamesHandedOver = Counter()
    /// Result commits that failed (each is retried).
    let resultCommitFailures = Counter()
    /// Sessions resumed / refused.
    let resumes = Counter()
    let resumesRefused = Counter()
    /// Messages for a shard of another node with no cluster link to carry them.
    let unroutable = Counter()
    /// Lobby publications from other nodes that never arrived (gaps in their sequence).
    let publicationsMissed = Counter()
    /// Cluster payloads that could not be read (dropped).
    let clusterDecodeErrors = Counter()
    /// NodeMessages sent to and received from other nodes.
    let clusterMessagesOut = Counter()
    let clusterMessagesIn = Counter()
    /// Ticks skipped because a loop fell more than a few ticks behind.
    let ticksSkipped = Counter()

    /// Per loop: its gauges and its tick lag histogram, published once per tick slot.
    private let loops: [GaugesCell]
    /// Game kinds, for labels.
    private let kinds: [String]

    init(loopCount: Int, kinds: [String]) {
        var drops: [Drop: Counter] = [:]
        for drop in Drop.allCases { drops[drop] = Counter() }
        self.drops = drops
        self.kinds = kinds
        loops = (0..<loopCount).map { _ in GaugesCell(LoopGauges(kinds: kinds)) }
    }

    /// Counts one drop.
    func count(_ drop: Drop) { drops[drop]!.add(1) }

    /// How many drops of `drop` so far.
    public func drops(_ drop: Drop) -> Int { drops[drop]!.load() }

    /// Replaces loop `index`'s gauges and merges its tick lags.
    func publish(loop index: Int, _ update: (inout LoopGauges) -> Void) {
        loops[index].value.withLock { update(&$0) }
    }

    /// The sum of every loop's gauges and histograms.
    func loopTotals() -> LoopGauges {
        var total = LoopGauges(kinds: kinds)
        for loop in loops {
            loop.value.withLock { gauges in
                total.connections += gauges.connections
                total.sessions += gauges.sessions
                for (kind, count) in gauges.gamesRunning { total.gamesRunning[kind, default: 0] += count }
                for (kind, count) in gauges.gamesWaiting { total.gamesWaiting[kind, default: 0] += count }
                var copy = gauges.tickLag
                total.tickLag.absorb(&copy)
            }
        }
        return total
    }

    /// The Prometheus text exposition (format 0.0.4).
    public func prometheusText() -> String {
        let totals = loopTotals()
        var out = ""
        func counter(_ name: String, _ help: String, _ value: Int) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
        }
        func gauge(_ name: String, _ help: String, _ value: Int) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
        }
        gauge("roost_connections", "Open WebSocket connections.", totals.connections)
        gauge("roost_sessions", "Sessions, connected or waiting for a resume.", totals.sessions)
        out += "# HELP roost_games_running Games being played.\n# TYPE roost_games_running gauge\n"
        for kind in kinds { out += "roost_games_running{kind=\"\(kind)\"} \(totals.gamesRunning[kind] ?? 0)\n" }
        out += "# HELP roost_games_waiting Games waiting for players.\n# TYPE roost_games_waiting gauge\n"
        for kind in kinds { out += "roost_games_waiting{kind=\"\(kind)\"} \(totals.gamesWaiting[kind] ?? 0)\n" }
        counter("roost_messages_in_total", "Client messages read.", messagesIn.load())
        counter("roost_messages_out_total", "Server messages sent.", messagesOut.load())
        counter("roost_results_committed_total", "Game results committed to the result store.", resultsCommitted.load())
        counter("roost_replication_waits_timed_out_total", "Results announced before another node confirmed them.", replicationWaitsTimedOut.load())
        counter("roost_results_replicated_total", "Results from other nodes stored here.", resultsReplicated.load())
        counter("roost_games_adopted_total", "Games a draining node handed over to this one.", gamesAdopted.load())
        counter("roost_games_handed_over_total", "Games this node handed to another while draining.", gamesHandedOver.load())
        counter("roost_result_commit_failures_total", "Failed result commits (retried).", resultCommitFailures.load())
        counter("roost_resumes_total", "Sessions resumed after a drop.", resumes.load())
        counter("roost_resumes_refused_total", "Resumes refused (a new session was opened).", resumesRefused.load())
        counter("roost_cluster_messages_out_total", "Messages sent to other nodes' shards.", clusterMessagesOut.load())
        counter("roost_cluster_messages_in_total", "Messages received for this node's shards.", clusterMessagesIn.load())
        counter("roost_cluster_decode_errors_total", "Cluster payloads that could not be read.", clusterDecodeErrors.load())
        counter("roost_unroutable_total", "Messages for another node with no link to it.", unroutable.load())
        counter("roost_ticks_skipped_total", "Game ticks skipped by a loop that fell behind.", ticksSkipped.load())
        out += "# HELP roost_drops_total Messages and connections refused by a limit, by reason.\n"
        out += "# TYPE roost_drops_total counter\n"
        for drop in Drop.allCases { out += "roost_drops_total{reason=\"\(drop.label)\"} \(drops[drop]!.load())\n" }
        let lag = totals.tickLag
        out += "# HELP roost_game_tick_lag_seconds How late each game tick ran against its schedule.\n"
        out += "# TYPE roost_game_tick_lag_seconds histogram\n"
        var cumulative = 0
        for (index, bound) in lag.boundsNanoseconds.enumerated() {
            cumulative += lag.counts[index]
            out += "roost_game_tick_lag_seconds_bucket{le=\"\(Self.seconds(bound))\"} \(cumulative)\n"
        }
        out += "roost_game_tick_lag_seconds_bucket{le=\"+Inf\"} \(lag.count)\n"
        out += "roost_game_tick_lag_seconds_sum \(Self.seconds(lag.sumNanoseconds))\n"
        out += "roost_game_tick_lag_seconds_count \(lag.count)\n"
        return out
    }

    private static func seconds(_ nanoseconds: Int64) -> String {
        let whole = nanoseconds / 1_000_000_000
        var fraction = String(nanoseconds % 1_000_000_000)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.count > 1 && fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}

/// What one loop reports: its gauges and the tick lags it saw.
struct LoopGauges: Sendable {
    var connections = 0
    var sessions = 0
    var gamesRunning: [String: Int] = [:]
    var gamesWaiting: [String: Int] = [:]
    var tickLag = Histogram.tickLag

    init(kinds: [String]) {
        for kind in kinds {
            gamesRunning[kind] = 0
            gamesWaiting[kind] = 0
        }
    }
}

/// An atomic counter on the heap, so it can sit in a `let` of a class or a dictionary.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    init() {}
    func add(_ amount: Int) { value.add(amount, ordering: .relaxed) }
    func load() -> Int { value.load(ordering: .relaxed) }
}

/// One loop's gauges behind their own lock (a `Mutex` cannot sit in an array).
final class GaugesCell: Sendable {
    let value: Mutex<LoopGauges>
    init(_ gauges: LoopGauges) { value = Mutex(gauges) }
}
