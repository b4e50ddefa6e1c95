import ArgumentParser
import Cluster
import Foundation
import Glibc
import Logging
import Reactor
import Server
import Singleton

/// `roost serve`: one game server node.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a Roost game server node.",
        discussion: """
            Players connect to ws://HOST:PORT/ws (subprotocol roost.v1); the browser client is at \
            http://HOST:PORT/, metrics at /metrics, liveness at /healthz, readiness at /readyz, the \
            admin page at /admin/ (with --admin-token-file or ROOST_ADMIN_TOKEN). Results go to \
            DATA-DIR/results.sqlite; the token secret is kept in DATA-DIR/token.secret (created on first run). \
            Logs go to standard error. On SIGTERM or SIGINT the node drains for up to --drain-seconds \
            (no new games, /readyz 503, running games go on; a second signal cuts it short), then stops.
            """
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free one).") var port = 8080
    @Option(help: "Event loop threads (default: one per core).") var threads: Int?
    @Flag(help: "Pin event loop threads to CPUs (benchmarks).") var pin = false
    @Option(help: "This node's name (a-z, 0-9; up to 16).") var nodeName = "n1"
    @Option(help: "Directory for the result store and the token secret (default .roost/NODE-NAME).") var dataDir: String?
    @Option(help: "File holding the token secret (hex); default DATA-DIR/token.secret.") var secretFile: String?
    @Option(help: "Directory served at / instead of the bundled browser client.") var webRoot: String?
    @Option(help: "Connections allowed from one IP address.") var maxConnectionsPerIp = 64
    @Option(help: "Messages per second a connection may send.") var messagesPerSecond = 20
    @Option(help: "Messages a connection may send in a burst.") var messageBurst = 40
    @Option(help: "Seconds a dropped session (and its seats) is kept for a resume.") var resumeGrace = 30
    @Option(help: "TLS certificate chain (PEM); serves wss:// with --tls-key.") var tlsCert: String?
    @Option(help: "TLS private key (PEM).") var tlsKey: String?
    @Flag(help: "Do not offer permessage-deflate.") var noDeflate = false
    @Flag(help: "Skip the fsync at each result commit (survives a process crash, not a power cut).")
    var relaxedDurability = false

    @Option(help: "Join a cluster: the port of this node's cluster link (omit to serve alone).") var clusterPort: Int?
    @Option(help: "Address the cluster link binds (default: --host).") var clusterHost: String?
    @Option(help: "host:port other nodes dial to reach this node's cluster link (default: the bound address).")
    var advertise: String?
    @Option(help: "Cluster addresses of other nodes (host:port, comma-separated); this node's own may be listed.")
    var seeds: String?
    @Option(help: "A DNS name whose A/AAAA records are seed nodes (a Kubernetes headless service).") var seedDns: String?
    @Option(help: "The cluster port of the nodes found by --seed-dns.") var seedDnsPort = 7946
    @Option(help: "The cluster's name; nodes of other clusters are refused.") var clusterName = "roost"
    @Option(help: "File holding the cluster secret (hex, 64+ digits); or set ROOST_CLUSTER_SECRET.")
    var clusterSecretFile: String?
    @Option(help: "URL clients may use to reach this node directly (redirect hints).") var publicUrl: String?
    @Option(help: "Mutual TLS on the cluster link: this node's certificate chain (PEM, serverAuth+clientAuth).")
    var clusterTlsCert: String?
    @Option(help: "Mutual TLS on the cluster link: this node's private key (PEM).") var clusterTlsKey: String?
    @Option(help: "Mutual TLS on the cluster link: the cluster CA (PEM) every node's certificate chains to.")
    var clusterTlsCa: String?

    @Option(help: """
        The cluster size the nightly jobs count majorities against; every node must get the same value \
        (default: 1 + the --seeds other than this node; required with --seed-dns).
        """)
    var expectedNodes: Int?
    @Option(help: "When the leaderboard job runs: a 5-field cron expression, in UTC.") var leaderboardSchedule = "0 3 * * *"
    @Option(help: ArgumentHelp("Testing: the job clock reads this (Unix seconds) at --clock-anchor-ms.", visibility: .hidden))
    var clockOrigin: Int64?
    @Option(help: ArgumentHelp("Testing: job-clock seconds per real second (43200: a day in 2 s).", visibility: .hidden))
    var clockRate: Double?
    @Option(help: ArgumentHelp("Testing: the real Unix milliseconds at which the job clock read --clock-origin (default: now); nodes given the same anchor share one simulated timeline, across restarts.", visibility: .hidden))
    var clockAnchorMs: Int64?
    @Option(help: ArgumentHelp("Testing: the singleton lease in milliseconds; every singleton timing scales with it (default 30000).", visibility: .hidden))
    var singletonLeaseMs: Int?
    @Option(help: ArgumentHelp("Testing: hold each job run this many milliseconds before the job starts it.", visibility: .hidden))
    var jobRunDelayMs: Int?
    @Option(help: "Log lines as text (for people) or json (one object per line, for log pipelines).")
    var logFormat = "text"
    @Option(help: "Least severe level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"
    @Option(help: "File holding the admin token (16+ characters) that opens /admin/; or set ROOST_ADMIN_TOKEN. Without one, /admin/ answers 404.")
    var adminTokenFile: String?
    @Option(help: "On SIGTERM, seconds to keep running games going (no new ones, /readyz 503) before stopping.")
    var drainSeconds = 0

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if messagesPerSecond < 1 || messageBurst < 1 { throw ValidationError("message rates must be positive") }
        if maxConnectionsPerIp < 1 { throw ValidationError("--max-connections-per-ip must be at least 1") }
        if resumeGrace < 1 { throw ValidationError("--resume-grace must be at least 1 second") }
        if !Server.isValidNodeName(nodeName) {
            throw ValidationError("--node-name must be 1-16 characters of a-z and 0-9 (it is part of game ids)")
        }
        let tlsParts = [clusterTlsCert, clusterTlsKey, clusterTlsCa].compactMap { $0 }.count
        if tlsParts != 0 && tlsParts != 3 {
            throw ValidationError("--cluster-tls-cert, --cluster-tls-key and --cluster-tls-ca go together")
        }
        if let expectedNodes, expectedNodes < 1 || (clusterPort == nil && expectedNodes != 1) {
            throw ValidationError("--expected-nodes must be at least 1, and 1 for a node that serves alone (no --cluster-port)")
        }
        if clusterPort != nil && seedDns != nil && expectedNodes == nil {
            throw ValidationError("--seed-dns needs --expected-nodes: scheduled jobs count majorities of the configured cluster size, which DNS answers cannot tell")
        }
        if case .failure(let error) = CronSchedule.parse(leaderboardSchedule) {
            throw ValidationError("--leaderboard-schedule \"\(leaderboardSchedule)\": \(error)")
        }
        if let clockRate, !(clockRate > 0 && clockRate.isFinite) { throw ValidationError("--clock-rate must be positive") }
        if let singletonLeaseMs, singletonLeaseMs < 100 { throw ValidationError("--singleton-lease-ms must be at least 100") }
        if LogFormat(rawValue: logFormat) == nil { throw ValidationError("--log-format must be text or json") }
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if drainSeconds < 0 { throw ValidationError("--drain-seconds must not be negative") }
        if clusterPort == nil && (seeds != nil || seedDns != nil || clusterSecretFile != nil) {
            throw ValidationError("--seeds, --seed-dns and --cluster-secret-file need --cluster-port")
        }
    }

    func run() throws {
        TLSGlobals.ignoreSIGPIPE()
        blockTerminationSignals()
        let logger = RoostLogHandler.logger(
            node: nodeName, format: LogFormat(rawValue: logFormat)!, level: Logger.Level(rawValue: logLevel)!)
        var log = logger
        log[metadataKey: LogLineFormatter.componentKey] = "serve"
        var configuration = try makeConfiguration()
        configuration.logger = logger
        configuration.adminToken = try adminToken()
        let expected = configuration.jobs.expectedNodes
        let source = configuration.cluster == nil ? "a node alone" : expectedNodes == nil ? "default: 1 + the other seeds; set --expected-nodes" : "--expected-nodes"
        log.info(
            "scheduled jobs count majorities of \(expected) expected node\(expected == 1 ? "" : "s") (\(source))",
            metadata: ["event": "expected_nodes", "expected": .stringConvertible(expected)])
        let server = try GameServer(configuration: configuration)
        let scheme = tlsCert == nil ? "ws" : "wss"
        if let clusterAddress = server.clusterAddress {
            log.info(
                "node \(nodeName) cluster link on \(clusterAddress) (cluster \(clusterName))",
                metadata: ["event": "cluster_listening", "address": .string(clusterAddress), "cluster": .string(clusterName)])
        }
        let url = "\(scheme)://\(host):\(server.port)/ws"
        log.info(
            "listening on \(url) (node \(nodeName), web client at http\(tlsCert == nil ? "" : "s")://\(host):\(server.port)/)",
            metadata: [
                "event": "listening", "url": .string(url),
                "admin": configuration.adminToken == nil ? "off" : "on",
            ])
        if waitForTerminationSignal() == SIGTERM, server.clusterAddress != nil {
            // A deploy (systemd, Kubernetes): hand the games to the other nodes, then tell players
            // to reconnect (1012); they resume on another node and their games go on.
            log.info("SIGTERM: draining (handing games to other nodes)", metadata: ["event": "handoff_started"])
            let tally = server.drain()
            log.info(
                "drained: \(tally.handed) games handed over, \(tally.aborted) ended, \(tally.unanswered) unanswered",
                metadata: [
                    "event": "handoff_done", "handed": .stringConvertible(tally.handed),
                    "aborted": .stringConvertible(tally.aborted), "unanswered": .stringConvertible(tally.unanswered),
                ])
            // Games no other node could take (none takes games) may still finish within --drain-seconds.
            drain(server, log: log)
            log.info("shutting down", metadata: ["event": "stopping"])
            server.shutdown(code: .serviceRestart)
        } else {
            drain(server, log: log)
            log.info("shutting down", metadata: ["event": "stopping"])
            server.shutdown()
        }
        log.info("stopped", metadata: ["event": "stopped"])
    }

    func makeConfiguration() throws -> ServerConfiguration {
        let dataDirectory = dataDir ?? ".roost/\(nodeName)"
        try createDirectory(dataDirectory)
        let secret = try TokenSecretFile.load(path: secretFile ?? dataDirectory + "/token.secret")
        var configuration = ServerConfiguration(tokenSecret: secret)
        configuration.nodeName = nodeName
        configuration.host = host
        configuration.port = port
        configuration.threads = threads ?? max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        configuration.pinThreads = pin
        configuration.dataDirectory = dataDirectory
        configuration.webRoot = webRoot ?? GameServer.bundledWebRoot
        configuration.maxConnectionsPerIP = maxConnectionsPerIp
        configuration.limits.messagesPerSecond = messagesPerSecond
        configuration.limits.messageBurst = messageBurst
        configuration.limits.resumeGraceMilliseconds = resumeGrace * 1000
        configuration.deflate = !noDeflate
        configuration.resultDurability = relaxedDurability ? .normal : .full
        if let tlsCert, let tlsKey {
            configuration.tls = try TLSContext.server(certificateChainPath: tlsCert, privateKeyPath: tlsKey)
        }
        if let clusterPort {
            var cluster = ClusterSettings(secret: try clusterSecret())
            cluster.clusterName = clusterName
            cluster.listenHost = clusterHost ?? host
            cluster.listenPort = clusterPort
            cluster.advertisedAddress = advertise
            cluster.seeds = (seeds ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            cluster.seedDNSName = seedDns
            cluster.seedDNSPort = seedDnsPort
            cluster.publicURL = publicUrl
            if let clusterTlsCert, let clusterTlsKey, let clusterTlsCa {
                cluster.tls = try ClusterTLSConfiguration.mutual(
                    certificateChainPath: clusterTlsCert, privateKeyPath: clusterTlsKey, trustRootsPath: clusterTlsCa)
            }
            configuration.cluster = cluster
        }
        try configureJobs(&configuration)
        return configuration
    }
}

extension ServeCommand {
    /// The admin token: from --admin-token-file, else ROOST_ADMIN_TOKEN, else none (admin off).
    func adminToken() throws -> AdminToken? {
        if let adminTokenFile {
            do {
                return try AdminToken.load(path: adminTokenFile)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        guard let text = ProcessInfo.processInfo.environment["ROOST_ADMIN_TOKEN"], !text.isEmpty else { return nil }
        guard let token = AdminToken(text) else {
            throw ValidationError("ROOST_ADMIN_TOKEN must be at least \(AdminToken.minimumLength) visible ASCII characters")
        }
        return token
    }

    /// The cluster secret: from --cluster-secret-file, else ROOST_CLUSTER_SECRET (hex).
    func clusterSecret() throws -> [UInt8] {
        if let clusterSecretFile { return try TokenSecretFile.load(path: clusterSecretFile) }
        guard let hex = ProcessInfo.processInfo.environment["ROOST_CLUSTER_SECRET"] else {
            throw ValidationError("a cluster needs a secret: --cluster-secret-file or ROOST_CLUSTER_SECRET (64+ hex digits)")
        }
        return try TokenSecretFile.parse(hex, source: "ROOST_CLUSTER_SECRET")
    }
}

/// `mkdir -p`.
func createDirectory(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
        prefix += part + "/"
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw ValidationError("cannot create directory \(prefix): \(String(cString: strerror(errno)))")
        }
    }
}

extension ServeCommand {
    /// The scheduled jobs' settings: cluster size, schedule, and the testing knobs.
    func configureJobs(_ configuration: inout ServerConfiguration) throws {
        if let expectedNodes {
            configuration.jobs.expectedNodes = expectedNodes
        } else if let cluster = configuration.cluster {
            // The seeds name the other nodes (this node's own address may be among them).
            var own: Set<String> = ["\(cluster.listenHost):\(cluster.listenPort)"]
            if let advertise { own.insert(advertise) }
            configuration.jobs.expectedNodes = 1 + Set(cluster.seeds).subtracting(own).count
        }
        configuration.jobs.leaderboardSchedule = try CronSchedule.parse(leaderboardSchedule).get()
        if let singletonLeaseMs {
            configuration.jobs.singleton = configuration.jobs.singleton.scaled(toLease: .milliseconds(singletonLeaseMs))
        }
        if let jobRunDelayMs { configuration.jobs.runDelay = .milliseconds(max(0, jobRunDelayMs)) }
        if clockOrigin != nil || clockRate != nil {
            let rate = clockRate ?? 1
            let now = WallClock.milliseconds()
            let anchor = clockAnchorMs ?? now
            let origin = (clockOrigin.map { $0 * 1000 } ?? anchor) + Int64(Double(now - anchor) * rate)
            configuration.jobClock = JobClock(origin: origin, rate: rate)
        }
    }
}
