import Cluster
import Logging
import Membership

// The cluster's log events as swift-log calls: the sentence stays the one the events always
// printed, and the fields name the event and the nodes, addresses and generations it is about.
// The events carry no secret, MAC, nonce or payload by construction (see their doc comments), and
// nothing here adds one.

extension ClusterNodeLogEvent {
    /// Logs the event at warning (an operator should look) or info.
    func log(to logger: Logger) {
        var fields: Logger.Metadata = [LogLineFormatter.componentKey: "cluster", "event": .string(eventName)]
        switch self {
        case .started(let node, let incarnation, let seeds):
            fields["address"] = .string(node.address)
            fields["generation"] = .stringConvertible(incarnation.generation)
            fields["seeds"] = .array(seeds.map { .string($0) })
        case .joined(let member), .suspected(let member), .aliveAgain(let member), .declaredDead(let member),
            .replacedByNewRun(let member), .left(let member):
            fields["member"] = .string(member.node.name)
            fields["address"] = .string(member.node.address)
            fields["generation"] = .stringConvertible(member.incarnation.generation)
        case .restarted(let incarnation):
            fields["generation"] = .stringConvertible(incarnation.generation)
        case .leaving:
            break
        case .seedResolutionFailed(let name, let error):
            fields["dns_name"] = .string(name)
            fields["error"] = .string(error)
        case .invalidSeed(let seed):
            fields["seed"] = .string(seed)
        }
        logger.log(level: isWarning ? .warning : .info, "\(description)", metadata: fields)
    }

    /// A stable snake_case name for the event, for filtering and alerting.
    var eventName: String {
        switch self {
        case .started: "cluster_started"
        case .joined: "member_joined"
        case .suspected: "member_suspected"
        case .aliveAgain: "member_alive_again"
        case .declaredDead: "member_declared_dead"
        case .replacedByNewRun: "member_restarted"
        case .left: "member_left"
        case .restarted: "self_declared_dead_rejoined"
        case .leaving: "leaving"
        case .seedResolutionFailed: "seed_dns_failed"
        case .invalidSeed: "invalid_seed"
        }
    }
}

extension ClusterLinkLogEvent {
    /// Logs the event at warning (an operator should look) or info; link comings and goings are
    /// frequent in a healthy cluster, so they are info and `--log-level warning` hides them.
    func log(to logger: Logger) {
        var fields: Logger.Metadata = [LogLineFormatter.componentKey: "link", "event": .string(eventName)]
        switch self {
        case .listening(_, let address):
            fields["address"] = .string(address)
        case .peerConnected(let connection, let peer, let initiated, let tls):
            fields["connection"] = .stringConvertible(connection)
            fields["peer"] = .string(peer.name)
            fields["address"] = .string(peer.address)
            fields["direction"] = initiated ? "dialed" : "accepted"
            fields["tls"] = .stringConvertible(tls)
        case .peerDisconnected(let connection, let peer, let reason):
            fields["connection"] = .stringConvertible(connection)
            fields["peer"] = .string(peer.name)
            fields["reason"] = .string("\(reason)")
        case .connectFailed(let target, let error):
            fields["target"] = .string(target)
            fields["error"] = .string(error)
        case .tlsFailed(let connection, let remote, let error):
            fields["connection"] = .stringConvertible(connection)
            fields["remote"] = .string(remote)
            fields["error"] = .string(error)
        case .handshakeFailed(let connection, let remote, let peer, let error):
            fields["connection"] = .stringConvertible(connection)
            fields["remote"] = .string(remote)
            if let peer { fields["peer"] = .string(peer) }
            fields["error"] = .string("\(error)")
        case .protocolViolation(let connection, let peer, let problem):
            fields["connection"] = .stringConvertible(connection)
            fields["peer"] = .string(peer)
            fields["error"] = .string(problem)
        case .slowPeerDropped(let connection, let peer, let queuedBytes):
            fields["connection"] = .stringConvertible(connection)
            fields["peer"] = .string(peer)
            fields["queued_bytes"] = .stringConvertible(queuedBytes)
        }
        logger.log(level: isWarning ? .warning : .info, "\(description)", metadata: fields)
    }

    /// A stable snake_case name for the event.
    var eventName: String {
        switch self {
        case .listening: "link_listening"
        case .peerConnected: "link_up"
        case .peerDisconnected: "link_down"
        case .connectFailed: "dial_failed"
        case .tlsFailed: "tls_failed"
        case .handshakeFailed: "handshake_failed"
        case .protocolViolation: "protocol_violation"
        case .slowPeerDropped: "slow_peer_dropped"
        }
    }
}
