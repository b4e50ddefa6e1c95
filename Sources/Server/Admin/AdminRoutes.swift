import HTTP
import Protocol

/// `/admin/`: a page and a JSON API for operators, behind `AdminToken`.
///
/// - No token configured: every `/admin` path answers 404, as if the feature did not exist, so a
///   node nobody meant to administer shows no door.
/// - The API wants `Authorization: Bearer TOKEN`; missing or wrong is 401. The token travels only
///   in that header: never in a URL (URLs end up in proxy logs and browser history).
/// - The page is static and holds no data; it asks for the token and fetches the API with it.
enum AdminRoutes {
    /// The answer for `path`, or nil when `path` is not an admin path.
    static func response(for head: HTTPRequestHead, path: Substring, context: NodeContext) -> HTTPResponse? {
        guard path == "/admin" || path.hasPrefix("/admin/") else { return nil }
        guard let token = context.configuration.adminToken else { return notFound }
        switch path {
        case "/admin":
            return HTTPResponse(status: .found, headers: ["Location": "/admin/", "Cache-Control": "no-store"])
        case "/admin/":
            return page(AdminPage.html, type: "text/html; charset=utf-8")
        case "/admin/admin.js":
            return page(AdminPage.script, type: "text/javascript; charset=utf-8")
        case "/admin/api/cluster", "/admin/api/games":
            guard head.method == "GET" || head.method == "HEAD" else {
                return HTTPResponse(status: .methodNotAllowed, headers: ["Allow": "GET, HEAD"])
            }
            guard let presented = bearerToken(head), token.matches(presented.utf8) else {
                return json(.unauthorized, ["error": "a valid admin token is required (Authorization: Bearer TOKEN)"],
                    extra: [("WWW-Authenticate", "Bearer realm=\"roost-admin\"")])
            }
            return json(.ok, path == "/admin/api/cluster" ? clusterView(context) : gamesView(context))
        default:
            return notFound
        }
    }

    /// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive, RFC 9110 §11.1).
    static func bearerToken(_ head: HTTPRequestHead) -> Substring? {
        guard let value = head.headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].drop { $0 == " " }
    }

    /// Every node this node knows of: itself, the live members, and each one's load as the
    /// replicated `loads` map last said (games hosted, sessions, loops, whether it takes games).
    static func clusterView(_ context: NodeContext) -> JSONValue {
        let live = Set(context.views.members.withLock { $0 })
        let loads = context.views.loads.withLock { $0 }
        let names = Set(loads.keys).union(live).union([context.nodeName]).sorted()
        let nodes: [JSONValue] = names.map { name in
            var fields: JSONObject = [
                "name": .string(name), "self": .bool(name == context.nodeName),
                "live": .bool(name == context.nodeName || live.contains(name)),
            ]
            if let load = loads[name] {
                fields["games"] = .int(Int64(load.games))
                fields["sessions"] = .int(Int64(load.sessions))
                fields["loops"] = .int(Int64(load.shards))
                fields["acceptsGames"] = .bool(load.acceptsGames)
                fields["publicURL"] = .string(load.publicURL)
            }
            return .object(fields)
        }
        let readiness = context.readiness()
        return .object([
            "node": .string(context.nodeName), "ready": .bool(readiness.isReady),
            "reasons": .array(readiness.reasons.map { .string($0.rawValue) }), "nodes": .array(nodes),
        ])
    }

    /// The games this node hosts, oldest first, as its loops last published them.
    static func gamesView(_ context: NodeContext) -> JSONValue {
        let now = NodeContext.wallClockMilliseconds()
        let games = context.admin.games.withLock { $0.values.flatMap { $0 } }
            .sorted { ($0.createdAtMilliseconds, $0.id) < ($1.createdAtMilliseconds, $1.id) }
        return .object([
            "node": .string(context.nodeName),
            "games": .array(games.map { game in
                .object([
                    "id": .string(game.id), "kind": .string(game.kind), "state": .string(game.state),
                    "seats": .int(Int64(game.seats)), "players": .array(game.players.map { .string($0) }),
                    "spectators": .int(Int64(game.spectators)), "private": .bool(game.isPrivate),
                    "ageSeconds": .int(max(0, now - game.createdAtMilliseconds) / 1000), "loop": .int(Int64(game.shard)),
                ])
            }),
        ])
    }

    private static let notFound = HTTPResponse(
        status: .notFound, headers: ["Content-Type": "text/plain"], body: Array("not found\n".utf8))

    /// Security headers for the page: no framing, no referrer, scripts only from here.
    private static func page(_ text: String, type: String) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": type, "Cache-Control": "no-store", "X-Frame-Options": "DENY",
                "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy":
                    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
            ],
            body: Array(text.utf8))
    }

    private static func json(_ status: HTTPStatus, _ value: JSONValue, extra: [(String, String)] = []) -> HTTPResponse {
        var response = HTTPResponse(
            status: status, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: JSONWriter.encode(value) + [0x0A])
        for (name, value) in extra { response.headers.add(name: name, value: value) }
        return response
    }
}
