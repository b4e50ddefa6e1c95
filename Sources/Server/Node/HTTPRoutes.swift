import HTTP
import WebSocketTransport

/// The plain HTTP side of a node: health, metrics and the browser client's files.
enum HTTPRoutes {
    /// The responder for everything that is not the WebSocket upgrade at `/ws`.
    static func responder(metrics: ServerMetrics, files: StaticFiles?) -> HTTPResponder {
        { head in
            switch head.path {
            case "/healthz":
                return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array("ok\n".utf8))
            case "/metrics":
                return HTTPResponse(
                    status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
                    body: Array(metrics.prometheusText().utf8))
            default:
                if let response = files?.response(for: head) { return response }
                return HTTPResponse(
                    status: .notFound, headers: ["Content-Type": "text/plain"], body: Array("not found\n".utf8))
            }
        }
    }
}
