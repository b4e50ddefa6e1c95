import Cluster
import HTTP
import ResultStore
import Protocol
import WebSocketTransport

/// The plain HTTP side of a node: health, metrics, cluster views and the browser client's files.
enum HTTPRoutes {
    /// The responder for everything that is not the WebSocket upgrade at `/ws`.
    static func responder(context: NodeContext, files: StaticFiles?) -> HTTPResponder {
        { head in
            if let admin = AdminRoutes.response(for: head, path: head.path, context: context) { return admin }
            switch head.path {
            case "/healthz":
                return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array("ok\n".utf8))
            case "/readyz":
                return readyResponse(context)
            case "/metrics":
                return HTTPResponse(
                    status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
                    body: Array((context.metrics.prometheusText() + clusterMetrics(context) + jobsMetrics(context) + operationsMetrics(context)).utf8))
            case "/api/cluster":
                return json(clusterView(context))
            case "/api/presence":
                return json(presenceView(context))
            case "/api/jobs":
                return json(jobsView(context))
            case let path where path.hasPrefix("/api/results/"):
                // One primary-key read of the local store (WAL readers never wait for the writer):
                // cheap enough for an event loop, and it shows replication at work.
                let id = String(path.dropFirst("/api/results/".count))
                guard let result = try? context.results.store.result(gameID: id) else {
                    return HTTPResponse(status: .notFound, headers: ["Content-Type": "text/plain"], body: Array("no result\n".utf8))
                }
                return json(resultView(result))
            default:
                if let response = files?.response(for: head) { return response }
                return HTTPResponse(
                    status: .notFound, headers: ["Content-Type": "text/plain"], body: Array("not found\n".utf8))
            }
        }
    }

    /// `{"node":"n1","members":["n2","n3"]}`: this node and the other live members it sees.
    static func clusterView(_ context: NodeContext) -> JSONValue {
        let members = context.views.members.withLock { $0 }
        return .object(["node": .string(context.nodeName), "members": .array(members.map { .string($0) })])
    }

    /// `{"players":[{"id":..,"name":..,"node":..,"games":[..]}]}`: everyone online in the cluster.
    static func presenceView(_ context: NodeContext) -> JSONValue {
        let online = context.views.presence.withLock { $0 }
        let players: [JSONValue] = online.keys.sorted().map { id in
            let entry = online[id]!
            return .object([
                "id": .string(id), "name": .string(entry.name), "node": .string(entry.node),
                "games": .array(entry.games.map { .string($0) }),
            ])
        }
        return .object(["players": .array(players)])
    }

    /// The cluster's counters in Prometheus' text format (empty when the node is alone).
    static func clusterMetrics(_ context: NodeContext) -> String {
        guard let counters = context.views.counters.withLock({ $0 }) else { return "" }
        let members = context.views.members.withLock { $0.count }
        var out = "# HELP roost_cluster_members Other live members this node sees.\n# TYPE roost_cluster_members gauge\n"
        out += "roost_cluster_members \(members)\n"
        out += "# HELP roost_cluster_membership_events_total Membership changes seen, by kind.\n"
        out += "# TYPE roost_cluster_membership_events_total counter\n"
        for (kind, value) in [
            ("joined", counters.membersJoined), ("suspected", counters.membersSuspected),
            ("alive_again", counters.membersAliveAgain), ("declared_dead", counters.membersDeclaredDead),
            ("restarted", counters.membersRestarted), ("left", counters.membersLeft), ("self_restart", counters.restarts),
        ] {
            out += "roost_cluster_membership_events_total{kind=\"\(kind)\"} \(value)\n"
        }
        let link = counters.link
        out += "# HELP roost_cluster_link_refusals_total Cluster connections refused or dropped, by reason.\n"
        out += "# TYPE roost_cluster_link_refusals_total counter\n"
        for (reason, value) in [
            ("authentication", link.authenticationFailures), ("cluster_mismatch", link.clusterMismatches),
            ("unknown_key", link.unknownKeys), ("replay", link.replaysRefused), ("reflection", link.reflectionsRefused),
            ("version", link.versionMismatches), ("wrong_peer", link.wrongPeers), ("malformed_handshake", link.malformedHandshakes),
            ("handshake_timeout", link.handshakeTimeouts), ("tls", link.tlsHandshakeFailures), ("busy", link.acceptsRefusedBusy),
            ("oversized_frame", link.oversizedFrames), ("malformed_frame", link.malformedFrames),
            ("protocol_violation", link.protocolViolations), ("slow_peer", link.slowPeersDropped), ("idle", link.idleTimeouts),
        ] {
            out += "roost_cluster_link_refusals_total{reason=\"\(reason)\"} \(value)\n"
        }
        out += "# HELP roost_cluster_frames_total Cluster frames sent and received.\n# TYPE roost_cluster_frames_total counter\n"
        out += "roost_cluster_frames_total{direction=\"sent\"} \(link.framesSent)\n"
        out += "roost_cluster_frames_total{direction=\"received\"} \(link.framesReceived)\n"
        return out
    }

    /// A stored result as JSON.
    static func resultView(_ result: GameResult) -> JSONValue {
        .object([
            "game": .string(result.gameID), "kind": .string(result.kind), "outcome": .string(result.outcome.rawValue),
            "winners": .array(result.winners.map { .int(Int64($0)) }), "moves": .int(Int64(result.moves)),
            "players": .array(result.players.map { .object(["seat": .int(Int64($0.seat)), "id": .string($0.playerID), "name": .string($0.nickname)]) }),
            "startedAt": .int(result.startedAtMilliseconds), "endedAt": .int(result.endedAtMilliseconds),
            "origin": .string(result.originNode), "seq": .int(result.originSeq),
        ])
    }

    private static func json(_ value: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: JSONWriter.encode(value) + [0x0A])
    }
}
