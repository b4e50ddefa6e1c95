import HTTP
import Testing

/// Writing responses (server role) and request heads (client role), and reading them back.
struct SerializationTests {
    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    @Test func responseWritesStatusLineHeadersContentLengthAndBody() {
        let response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array("ok\n".utf8))
        #expect(text(response.serialized()) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n")
    }

    @Test func responseWritesContentLengthZeroForAnEmptyBody() {
        #expect(text(HTTPResponse(status: .notFound).serialized()) == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    }

    @Test(arguments: [HTTPStatus.switchingProtocols, .noContent, .notModified, HTTPStatus(code: 100)])
    func responseWritesNoContentLengthForStatusesWithoutContent(status: HTTPStatus) {
        let written = text(HTTPResponse(status: status, headers: ["Upgrade": "websocket"]).serialized())
        #expect(written == "HTTP/1.1 \(status.code) \(status.reason)\r\nUpgrade: websocket\r\n\r\n")
    }

    @Test func responseKeepsAContentLengthTheCallerSet() {
        // A HEAD response states the length of the body it leaves out.
        let response = HTTPResponse(status: .ok, headers: ["Content-Length": "1234"])
        #expect(text(response.serialized()) == "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n")
    }

    @Test func responseWriteAppendsToExistingBytes() {
        var buffer = Array("prefix|".utf8)
        HTTPResponse(status: .noContent).write(into: &buffer)
        #expect(text(buffer) == "prefix|HTTP/1.1 204 No Content\r\n\r\n")
    }

    @Test func responseReplacesLineBreaksInValuesSoFieldsCannotBeInjected() {
        let response = HTTPResponse(status: HTTPStatus(code: 302, reason: "Found\r\nX-Evil: 1"), headers: ["Location": "/a\r\nSet-Cookie: x=1\u{0}"])
        let written = text(response.serialized())
        #expect(written == "HTTP/1.1 302 Found  X-Evil: 1\r\nLocation: /a  Set-Cookie: x=1 \r\nContent-Length: 0\r\n\r\n")
    }

    @Test func textResponseSetsContentTypeAndUTF8Body() {
        let response = HTTPResponse.text(.serviceUnavailable, "draining ✓")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(response.body == Array("draining ✓".utf8))
        #expect(response.status == .serviceUnavailable)
    }

    @Test func rejectionResponseCarriesTheErrorStatusReasonAndClose() {
        let response = HTTPResponse(rejecting: .headersTooLarge)
        #expect(response.status == .requestHeaderFieldsTooLarge)
        #expect(text(response.body) == HTTPParseError.headersTooLarge.reason + "\n")
        #expect(response.headers.containsToken("close", in: "Connection"))
    }

    @Test func responseRoundTripsThroughTheResponseParser() throws {
        let response = HTTPResponse(
            status: .switchingProtocols,
            headers: ["Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="]
        )
        let parsed = try #require(parseResponse(response.serialized()).head)
        #expect(parsed.status == 101)
        #expect(parsed.reason == "Switching Protocols")
        #expect(parsed.headers == response.headers)
    }

    @Test func responseWithBodyRoundTripsThroughTheResponseParser() {
        let response = HTTPResponse.text(.badRequest, "bad handshake\n")
        let bytes = response.serialized()
        guard case .complete(let parsed, let consumed) = parseResponse(bytes) else { Issue.record(); return }
        #expect(parsed.status == 400)
        #expect(parsed.contentLength == response.body.count)
        #expect(Array(bytes[consumed...]) == response.body)
    }

    @Test func requestHeadWritesRequestLineHeadersAndBlankLine() {
        let head = HTTPRequestHead(method: "GET", target: "/play", headers: ["Host": "roost.example", "Upgrade": "websocket"])
        #expect(text(head.serialized()) == "GET /play HTTP/1.1\r\nHost: roost.example\r\nUpgrade: websocket\r\n\r\n")
    }

    @Test func requestHeadRoundTripsThroughTheRequestParser() throws {
        let head = HTTPRequestHead(
            method: "GET",
            target: "/play?room=7",
            headers: [
                "Host": "roost.example:8080",
                "Upgrade": "websocket",
                "Connection": "Upgrade",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version": "13",
            ]
        )
        #expect(parseRequest(head.serialized()).head == head)
    }

    @Test func http10RequestHeadRoundTrips() {
        let head = HTTPRequestHead(method: "HEAD", target: "/healthz", versionMinor: 0)
        #expect(text(head.serialized()) == "HEAD /healthz HTTP/1.0\r\n\r\n")
        #expect(parseRequest(head.serialized()).head == head)
    }
}
