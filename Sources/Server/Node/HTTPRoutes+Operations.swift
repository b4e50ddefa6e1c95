import HTTP
import Protocol

/// The operator's routes beside the player's: readiness, and the metrics that say whether a node
/// is in service.
extension HTTPRoutes {
    /// `GET /readyz`: 200 `{"ready":true,...}` when the node should get players, else 503 with
    /// the reasons (`Readiness.Reason`), so a load balancer or Kubernetes takes it out of service.
    static func readyResponse(_ context: NodeContext) -> HTTPResponse {
        let readiness = context.readiness()
        let body: JSONValue = .object([
            "ready": .bool(readiness.isReady), "node": .string(context.nodeName),
            "reasons": .array(readiness.reasons.map { .string($0.rawValue) }),
        ])
        return HTTPResponse(
            status: readiness.isReady ? .ok : .serviceUnavailable,
            headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: JSONWriter.encode(body) + [0x0A])
    }

    /// Readiness and drain state, and the cluster link's connection counts, in Prometheus' text format.
    static func operationsMetrics(_ context: NodeContext) -> String {
        let readiness = context.readiness()
        var out = "# HELP roost_ready Whether /readyz answers 200 (1) or 503 (0).\n# TYPE roost_ready gauge\n"
        out += "roost_ready \(readiness.isReady ? 1 : 0)\n"
        out += "# HELP roost_not_ready Reasons /readyz answers 503, one series per reason (1 while it holds).\n"
        out += "# TYPE roost_not_ready gauge\n"
        for reason in Readiness.Reason.allCases {
            out += "roost_not_ready{reason=\"\(reason.rawValue)\"} \(readiness.reasons.contains(reason) ? 1 : 0)\n"
        }
        if let link = context.views.counters.withLock({ $0?.link }) {
            out += "# HELP roost_cluster_link_connections_total Cluster link connections, by how they went.\n"
            out += "# TYPE roost_cluster_link_connections_total counter\n"
            for (event, value) in [
                ("accepted", link.connectionsAccepted), ("dialed", link.connectionsDialed),
                ("dial_failed", link.connectFailures), ("authenticated", link.handshakesCompleted),
            ] {
                out += "roost_cluster_link_connections_total{event=\"\(event)\"} \(value)\n"
            }
        }
        // Job runs (roost_job_*): the cluster jobs work appends its counters here.
        return out
    }
}
