import ArgumentParser
import Foundation
import Glibc
import Server

/// `roost dev`: a local cluster of `roost serve` processes on loopback, with embedded defaults.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run a local Roost cluster on loopback (separate processes, embedded defaults).",
        discussion: """
            Starts NODES `roost serve` processes named n1, n2, ... with HTTP ports PORT, PORT+1, ... and \
            cluster ports CLUSTER-PORT, CLUSTER-PORT+1, ..., every node a seed of the others, sharing one \
            cluster secret (DATA-DIR/cluster.secret, created on first run). Ctrl-C stops them all.
            """
    )

    @Option(help: "How many nodes.") var nodes = 3
    @Option(help: "HTTP/WebSocket port of the first node.") var port = 8081
    @Option(help: "Cluster port of the first node.") var clusterPort = 9081
    @Option(help: "Where the nodes keep their data.") var dataDir = ".roost/dev"
    @Option(help: "Event loop threads per node.") var threads = 1
    @Option(help: "The nodes' log format: text or json.") var logFormat = "text"
    @Option(help: "The nodes' least severe level logged.") var logLevel = "info"

    func validate() throws {
        guard (1...9).contains(nodes) else { throw ValidationError("--nodes must be 1 to 9") }
    }

    func run() throws {
        try createDirectory(dataDir)
        let secretFile = dataDir + "/cluster.secret"
        _ = try TokenSecretFile.load(path: secretFile)
        let seeds = (0..<nodes).map { "127.0.0.1:\(clusterPort + $0)" }.joined(separator: ",")
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var children: [Process] = []
        blockTerminationSignals()
        for index in 0..<nodes {
            let name = "n\(index + 1)"
            let child = Process()
            child.executableURL = executable
            child.arguments = [
                "serve", "--node-name", name, "--port", String(port + index), "--cluster-port",
                String(clusterPort + index), "--seeds", seeds, "--cluster-secret-file", secretFile, "--data-dir",
                "\(dataDir)/\(name)", "--threads", String(threads), "--relaxed-durability", "--expected-nodes", String(nodes),
                "--log-format", logFormat, "--log-level", logLevel,
            ]
            try child.run()
            children.append(child)
        }
        printLine("roost dev: \(nodes) node\(nodes == 1 ? "" : "s") on loopback (Ctrl-C stops them)")
        for index in 0..<nodes {
            printLine("  n\(index + 1)  http://127.0.0.1:\(port + index)/   ws://127.0.0.1:\(port + index)/ws   metrics http://127.0.0.1:\(port + index)/metrics")
        }
        waitForTerminationSignal()
        for child in children where child.isRunning { child.terminate() }
        for child in children { child.waitUntilExit() }
    }
}
