import Glibc
import Membership

/// A membership change or shell event worth a line in the operator's log. Events carry node names,
/// addresses and incarnations; never a payload or a secret.
public enum ClusterNodeLogEvent: Sendable, CustomStringConvertible {
    /// This node runs and is joining through `seeds`.
    case started(node: NodeID, incarnation: Incarnation, seeds: [String])
    /// A member (or a new run of one) joined the view.
    case joined(Member)
    /// A member missed its probes and is suspected.
    case suspected(Member)
    /// A suspected member refuted the suspicion.
    case aliveAgain(Member)
    /// A member was declared dead.
    case declaredDead(Member)
    /// A member's run ended because a newer run of it joined (it restarted); not a failure.
    case replacedByNewRun(Member)
    /// A member left cleanly.
    case left(Member)
    /// This node learned it was declared dead and re-joined as a new run.
    case restarted(Incarnation)
    /// This node left the cluster (`ClusterNode.leave(then:)`).
    case leaving(node: String)
    /// `seedDNSName` did not resolve (logged when it starts failing, not on every retry).
    case seedResolutionFailed(name: String, error: String)
    /// A seed is not `host:port`; it is skipped.
    case invalidSeed(String)

    /// Whether an operator should look, as opposed to the normal comings and goings.
    public var isWarning: Bool {
        switch self {
        case .declaredDead, .restarted, .seedResolutionFailed, .invalidSeed: true
        case .started, .joined, .suspected, .aliveAgain, .replacedByNewRun, .left, .leaving: false
        }
    }

    public var description: String {
        switch self {
        case .started(let node, let incarnation, let seeds):
            "\(node.name) started at \(node.address) (generation \(incarnation.generation)), "
                + (seeds.isEmpty ? "no seeds" : "seeds \(seeds.joined(separator: ","))")
        case .joined(let member): "\(member.node.name) joined (\(Self.run(member)))"
        case .suspected(let member): "\(member.node.name) suspected (\(Self.run(member)))"
        case .aliveAgain(let member): "\(member.node.name) alive again (\(Self.run(member)))"
        case .declaredDead(let member): "\(member.node.name) declared dead (\(Self.run(member)))"
        case .replacedByNewRun(let member): "\(member.node.name) restarted: its run ended (\(Self.run(member)))"
        case .left(let member): "\(member.node.name) left (\(Self.run(member)))"
        case .restarted(let incarnation):
            "this node was declared dead; re-joined as generation \(incarnation.generation)"
        case .leaving(let node): "\(node) leaving the cluster"
        case .seedResolutionFailed(let name, let error): "seed DNS name \(Self.printable(name)) did not resolve: \(error)"
        case .invalidSeed(let seed): "seed \"\(Self.printable(seed))\" is not host:port; skipped"
        }
    }

    private static func run(_ member: Member) -> String {
        "\(member.node.address), generation \(member.incarnation.generation)"
    }

    /// `text` with anything but visible ASCII replaced by `?`: configured text must not forge log lines.
    private static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { (0x21...0x7E).contains($0.value) ? Character($0) : "?" })
    }

    /// The default sink: one line on standard error, `roost cluster: n2 joined (...)`.
    public static func writeToStandardError(_ event: ClusterNodeLogEvent) {
        // One write(2) per line, so lines from several loops never interleave mid-line.
        let line = Array("roost cluster: \(event.isWarning ? "warning: " : "")\(event)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
