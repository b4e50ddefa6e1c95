import Foundation
import HTTP
import Testing
import WebSocketTransport

@Suite struct StaticFilesTests {
    private func makeSite() throws -> String {
        let root = NSTemporaryDirectory() + "roost-static-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/js", withIntermediateDirectories: true)
        try "<h1>Roost</h1>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        try "console.log(1)".write(toFile: root + "/js/app.js", atomically: true, encoding: .utf8)
        return root
    }

    @Test func servesIndexAndNestedFilesWithTheirTypes() throws {
        let files = try StaticFiles(directory: try makeSite())
        #expect(files.paths == ["/index.html", "/js/app.js"])
        let index = try #require(files.response(for: HTTPRequestHead(method: "GET", target: "/?x=1")))
        #expect(index.status == .ok)
        #expect(index.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(index.body == Array("<h1>Roost</h1>".utf8))
        #expect(files.response(for: HTTPRequestHead(method: "GET", target: "/js/app.js"))?.headers["Content-Type"]
            == "text/javascript; charset=utf-8")
    }

    @Test func pathsOutsideTheDirectoryDoNotExist() throws {
        let files = try StaticFiles(directory: try makeSite())
        for target in ["/../etc/passwd", "/js/../../etc/passwd", "/%2e%2e/etc/passwd", "/missing.html"] {
            #expect(files.response(for: HTTPRequestHead(method: "GET", target: target)) == nil)
        }
    }

    @Test func postToAFileIsRefused() throws {
        let files = try StaticFiles(directory: try makeSite())
        #expect(files.response(for: HTTPRequestHead(method: "POST", target: "/index.html"))?.status == .methodNotAllowed)
    }

    @Test func serverServesStaticFilesOverHTTP() throws {
        let files = try StaticFiles(directory: try makeSite())
        let server = try TestServer {
            $0.httpResponder = { head in files.response(for: head) ?? defaultHTTPResponder(head) }
        }
        defer { server.stop() }
        let raw = try RawClient(port: server.port)
        raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = String(decoding: raw.readToEnd(), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 200"))
        #expect(response.hasSuffix("<h1>Roost</h1>"))
    }
}
