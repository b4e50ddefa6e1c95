import HTTP
import Protocol
import WebSocketTransport

/// The plain HTTP side of a node: health, metrics, cluster views and the browser client's files.
enum HTTPRoutes {
    /// The responder for everything that is not the WebSocket upgrade at `/ws`.
    static func responder(context: NodeContext, files: StaticFiles?) -> HTTPResponder {
        { head in
            switch head.path {
            case "/healthz":
                return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array("ok\n".utf8))
            case "/metrics":
                return HTTPResponse(
                    status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
                    body: Array(context.metrics.prometheusText().utf8))
            case "/api/cluster":
                return json(clusterView(context))
            case "/api/presence":
                return json(presenceView(context))
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

    private static func json(_ value: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: JSONWriter.encode(value) + [0x0A])
    }
}
