import HTTP
import Testing

/// Requests the parser accepts, and what it reports about them.
struct RequestParserTests {
    @Test func parserReadsMethodTargetVersionAndHeaders() throws {
        let head = try #require(parseRequest(crlf("GET /lobby?room=7 HTTP/1.1", "Host: roost.example", "Accept: */*", "")).head)
        #expect(head.method == "GET")
        #expect(head.target == "/lobby?room=7")
        #expect(head.versionMinor == 1)
        #expect(head.headers == ["Host": "roost.example", "Accept": "*/*"])
    }

    @Test func parserReportsConsumedUpToTheBlankLine() {
        let request = crlf("GET / HTTP/1.1", "Host: a", "")
        #expect(parseRequest(request).head != nil)
        guard case .complete(_, let consumed) = parseRequest(request) else { Issue.record(); return }
        #expect(consumed == request.count)
    }

    @Test func parserLeavesBytesAfterTheHeadForTheCaller() {
        let head = crlf("GET /chat HTTP/1.1", "Host: a", "Upgrade: websocket", "Connection: Upgrade", "")
        let frames: [UInt8] = [0x81, 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        guard case .complete(_, let consumed) = parseRequest(head + frames) else { Issue.record(); return }
        #expect(consumed == head.count)
    }

    @Test func parserReadsPipelinedRequestsOneAfterAnother() {
        let first = crlf("GET /a HTTP/1.1", "Host: a", "")
        let second = crlf("GET /b HTTP/1.1", "Host: a", "X-Seq: 2", "")
        let third = crlf("HEAD /c HTTP/1.0", "")
        let result = parseEverySplit(HTTPRequestParser.self, first + second + third)
        #expect(result.heads.map(\.target) == ["/a", "/b", "/c"])
        #expect(result.ends == [first.count, first.count + second.count, first.count + second.count + third.count])
        #expect(result.failure == nil)
    }

    @Test func parserTrimsWhitespaceAroundHeaderValues() throws {
        let head = try #require(parseRequest(crlf("GET / HTTP/1.1", "Host:a", "X-A: \t padded \t ", "X-B:", "")).head)
        #expect(head.headers["x-a"] == "padded")
        #expect(head.headers["Host"] == "a")
        #expect(head.headers["X-B"] == "")
    }

    @Test func parserKeepsInnerWhitespaceAndTabsInValues() throws {
        let head = try #require(parseRequest(crlf("GET / HTTP/1.1", "Host: a", "User-Agent: Roost\tBot 1.0 (x)", "")).head)
        #expect(head.headers["User-Agent"] == "Roost\tBot 1.0 (x)")
    }

    @Test func parserKeepsRepeatedFieldsInOrderWithNamesAsWritten() throws {
        let head = try #require(parseRequest(crlf("GET / HTTP/1.1", "host: a", "Cookie: x=1", "COOKIE: y=2", "")).head)
        #expect(Array(head.headers.map(\.name)) == ["host", "Cookie", "COOKIE"])
        #expect(head.headers.values("cookie") == ["x=1", "y=2"])
        #expect(head.headers["Host"] == "a")
    }

    @Test func parserSkipsEmptyLinesBeforeTheRequestLine() throws {
        let request = crlf("", "", "GET / HTTP/1.1", "Host: a", "")
        guard case .complete(let head, let consumed) = parseRequest(request) else { Issue.record(); return }
        #expect(head.target == "/")
        #expect(consumed == request.count)
    }

    @Test func parserAcceptsHTTP10WithoutHost() throws {
        let head = try #require(parseRequest(crlf("GET /healthz HTTP/1.0", "")).head)
        #expect(head.versionMinor == 0)
        #expect(head.headers.isEmpty)
    }

    @Test func parserReadsHigherHTTP1MinorVersionsAsHTTP11() throws {
        let head = try #require(parseRequest(crlf("GET / HTTP/1.7", "Host: a", "")).head)
        #expect(head.versionMinor == 1)
    }

    @Test func parserAcceptsAnyTokenAsMethod() throws {
        let head = try #require(parseRequest(crlf("M-SEARCH! / HTTP/1.1", "Host: a", "")).head)
        #expect(head.method == "M-SEARCH!")
    }

    @Test func parserAcceptsAbsoluteAsteriskAndAuthorityForms() throws {
        let absolute = try #require(parseRequest(crlf("GET http://roost.example/play?x=1 HTTP/1.1", "Host: roost.example", "")).head)
        #expect(absolute.path == "/play")
        #expect(absolute.query == "x=1")
        let asterisk = try #require(parseRequest(crlf("OPTIONS * HTTP/1.1", "Host: a", "")).head)
        #expect(asterisk.path == "*")
        let authority = try #require(parseRequest(crlf("CONNECT roost.example:443 HTTP/1.1", "Host: roost.example:443", "")).head)
        #expect(authority.target == "roost.example:443")
    }

    @Test func parserAcceptsObsTextInValuesDecodedAsUTF8() throws {
        let request = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: Zoë\r\n\r\n".utf8)
        let head = try #require(parseRequest(request).head)
        #expect(head.headers["X-Name"] == "Zoë")
    }

    @Test func parserKeepsAnsweringItsFirstFailure() {
        var parser = HTTPRequestParser()
        #expect(parser.parse(crlf("GET / HTTP/1.1", "Bad Name: x", "")) == .failed(.invalidHeaderName))
        #expect(parser.parse(crlf("GET / HTTP/1.1", "Host: a", "")) == .failed(.invalidHeaderName))
    }

    @Test func parserStartsOverAfterACompleteHead() {
        var parser = HTTPRequestParser()
        guard case .complete = parser.parse(crlf("GET /a HTTP/1.1", "Host: a", "")) else { Issue.record(); return }
        guard case .complete(let head, _) = parser.parse(crlf("GET /b HTTP/1.0", "")) else { Issue.record(); return }
        #expect(head.target == "/b")
        #expect(head.headers.isEmpty)
    }

    @Test func parserAsksForMoreBytesWhileTheHeadIsIncomplete() {
        var parser = HTTPRequestParser()
        #expect(parser.parse(Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8)) == .needMoreBytes)
        #expect(parser.parse(Array("\r".utf8)) == .needMoreBytes)
        #expect(parser.parse([]) == .needMoreBytes)
        guard case .complete(_, let consumed) = parser.parse(Array("\n".utf8)) else { Issue.record(); return }
        #expect(consumed == 1)
    }

    @Test(arguments: [
        ("/", "/", nil),
        ("/a/b?c=d&e", "/a/b", "c=d&e"),
        ("/a?", "/a", ""),
        ("/a?b?c", "/a", "b?c"),
        ("http://h", "/", nil),
        ("http://h?q", "/", "q"),
        ("https://h:8443/x/y", "/x/y", nil),
    ] as [(String, String, String?)])
    func headSplitsTargetIntoPathAndQuery(target: String, path: String, query: String?) {
        let head = HTTPRequestHead(method: "GET", target: target)
        #expect(head.path == path[...])
        #expect(head.query == query?[...])
    }

    @Test func headKeepsHTTP11AliveUnlessConnectionClose() {
        #expect(HTTPRequestHead(method: "GET", target: "/").isKeepAlive)
        #expect(!HTTPRequestHead(method: "GET", target: "/", headers: ["Connection": "Upgrade, Close"]).isKeepAlive)
        #expect(!HTTPRequestHead(method: "GET", target: "/", versionMinor: 0).isKeepAlive)
        #expect(HTTPRequestHead(method: "GET", target: "/", versionMinor: 0, headers: ["Connection": "Keep-Alive"]).isKeepAlive)
    }

    @Test func parserReadsAWebSocketUpgradeRequest() throws {
        let request = crlf(
            "GET /play HTTP/1.1",
            "Host: roost.example:8080",
            "Upgrade: websocket",
            "Connection: keep-alive, Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Protocol: roost.v1",
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
            "Origin: https://roost.example",
            ""
        )
        let head = try #require(parseRequest(request).head)
        #expect(head.headers.containsToken("upgrade", in: "connection"))
        #expect(head.headers.containsToken("WebSocket", in: "Upgrade"))
        #expect(head.headers["sec-websocket-key"] == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(head.contentLength == nil)
    }
}
