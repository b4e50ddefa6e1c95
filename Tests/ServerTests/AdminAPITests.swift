import Client
import Foundation
import Server
import Testing

/// `/admin/`: real HTTP requests against a real node, with and without a configured token.
@Suite struct AdminAPITests {
    static let token = "correct-horse-battery-staple-42"

    func withAdminNode<T>(_ body: (TestNode) throws -> T) throws -> T {
        try withNode({ $0.adminToken = AdminToken(Self.token) }, body)
    }

    @Test func withoutAConfiguredTokenEveryAdminPathIsNotFound() throws {
        try withNode { node in
            for path in ["/admin", "/admin/", "/admin/admin.js", "/admin/api/cluster", "/admin/api/games"] {
                let response = httpRequest(port: node.server.port, path: path, headers: [("Authorization", "Bearer \(Self.token)")])
                #expect(response?.status == 404, "\(path)")
            }
        }
    }

    @Test func theAPIRefusesARequestWithoutAToken() throws {
        try withAdminNode { node in
            for path in ["/admin/api/cluster", "/admin/api/games"] {
                let response = try #require(httpRequest(port: node.server.port, path: path))
                #expect(response.status == 401, "\(path)")
                #expect(response.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                #expect(!response.body.contains(Self.token))
            }
        }
    }

    @Test func theAPIRefusesAWrongToken() throws {
        try withAdminNode { node in
            for wrong in ["Bearer correct-horse-battery-staple-43", "Bearer correct-horse", "Basic \(Self.token)", "Bearer "] {
                let response = httpRequest(port: node.server.port, path: "/admin/api/games", headers: [("Authorization", wrong)])
                #expect(response?.status == 401, "\(wrong)")
            }
        }
    }

    @Test func theClusterViewListsThisNodeWithItsLoad() throws {
        try withAdminNode { node in
            let response = try #require(
                httpRequest(port: node.server.port, path: "/admin/api/cluster", headers: [("Authorization", "Bearer \(Self.token)")]))
            #expect(response.status == 200)
            #expect(response.headers["cache-control"] == "no-store")
            let body = jsonObject(response.body)
            #expect(body["node"] as? String == "n1")
            #expect(body["ready"] as? Bool == true)
            let nodes = body["nodes"] as? [[String: Any]] ?? []
            #expect(nodes.count == 1)
            #expect(nodes.first?["name"] as? String == "n1")
            #expect(nodes.first?["self"] as? Bool == true)
        }
    }

    @Test func theGamesViewListsAGameHostedHere() throws {
        try withAdminNode { node in
            let ada = try node.player("Ada")
            let created = try ada.expectReply(.gameCreate(.init(kind: "connect4")), "game.joined")
            let id = BlockingRoostClient.gameID(created)
            // The loops publish their games once a second: poll until the game shows up.
            var games: [[String: Any]] = []
            for _ in 0..<150 {
                let response = httpRequest(
                    port: node.server.port, path: "/admin/api/games", headers: [("Authorization", "bearer \(Self.token)")])
                #expect(response?.status == 200)
                games = jsonObject(response?.body ?? "")["games"] as? [[String: Any]] ?? []
                if games.contains(where: { $0["id"] as? String == id }) { break }
                usleep(20_000)
            }
            let game = try #require(games.first { $0["id"] as? String == id })
            #expect(game["kind"] as? String == "connect4")
            #expect(game["state"] as? String == "waiting")
            #expect(game["players"] as? [String] == ["Ada"])
            #expect(game["seats"] as? Int == 2)
            #expect((game["ageSeconds"] as? Int ?? -1) >= 0)
        }
    }

    @Test func thePageIsServedWithoutDataAndWithoutTheToken() throws {
        try withAdminNode { node in
            let page = try #require(httpRequest(port: node.server.port, path: "/admin/"))
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
            #expect(page.body.contains("/admin/admin.js"))
            #expect(!page.body.contains(Self.token))
            let script = try #require(httpRequest(port: node.server.port, path: "/admin/admin.js"))
            #expect(script.status == 200)
            #expect(script.body.contains("Authorization: 'Bearer ' + token"))
            #expect(!script.body.contains("innerHTML"))
            #expect(httpRequest(port: node.server.port, path: "/admin")?.status == 302)
        }
    }

    @Test func tokensAreComparedWholeAndShortOnesAreRefused() {
        let token = AdminToken(Self.token + "\n")!
        #expect(token.matches(Array(Self.token.utf8)))
        #expect(!token.matches(Array((Self.token + "x").utf8)))
        #expect(!token.matches(Array(Self.token.dropLast().utf8)))
        #expect(!token.matches([UInt8]()))
        #expect(AdminToken("too-short") == nil)
        #expect(AdminToken("has a space in it, 16+") == nil)
        #expect("\(token)" == "AdminToken(redacted)")
    }
}
