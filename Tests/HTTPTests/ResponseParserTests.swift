import HTTP
import Testing

/// The client role: status line and headers of a response, e.g. the reply to a WebSocket upgrade.
struct ResponseParserTests {
    @Test func responseParserReadsSwitchingProtocolsAndLeavesTheFrames() throws {
        let head = crlf(
            "HTTP/1.1 101 Switching Protocols",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
            ""
        )
        let frame: [UInt8] = [0x81, 0x02, 0x68, 0x69]
        guard case .complete(let response, let consumed) = parseResponse(head + frame) else {
            Issue.record()
            return
        }
        #expect(response.status == 101)
        #expect(response.reason == "Switching Protocols")
        #expect(response.versionMinor == 1)
        #expect(response.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(consumed == head.count)
    }

    @Test func responseParserKeepsReasonPhraseWithSpacesAndTabs() throws {
        let response = try #require(parseResponse(crlf("HTTP/1.0 404 Not\tFound Here", "")).head)
        #expect(response.status == 404)
        #expect(response.reason == "Not\tFound Here")
        #expect(response.versionMinor == 0)
    }

    @Test(arguments: ["HTTP/1.1 204 ", "HTTP/1.1 204"])
    func responseParserAcceptsEmptyReasonWithOrWithoutItsSpace(line: String) throws {
        let response = try #require(parseResponse(crlf(line, "")).head)
        #expect(response.status == 204)
        #expect(response.reason == "")
    }

    @Test func responseParserReportsContentLength() throws {
        let response = try #require(parseResponse(crlf("HTTP/1.1 400 Bad Request", "Content-Length: 12", "")).head)
        #expect(response.contentLength == 12)
    }

    @Test(arguments: ["HTTP/1.1 099 Low", "HTTP/1.1 600 High", "HTTP/1.1 2x0 Odd", "HTTP/1.1 -20 Neg", "HTTP/1.1  200 OK"])
    func responseParserRejectsStatusCodeOutside100To599(line: String) {
        let result = parseResponse(crlf(line, ""))
        #expect(result == .failed(.invalidStatusCode))
        #expect(result.error?.status == .badGateway)
    }

    @Test(arguments: ["HTTP/1.1", "HTTP/1.1 20", "HTTP/1.1 2000 OK", "HTTP/1.1\t200 OK", "HTTP/1.1 200 O\u{01}K", "ICY 200 OK"])
    func responseParserRejectsMalformedStatusLine(line: String) {
        #expect(parseResponse(crlf(line, "")) == .failed(.malformedStatusLine))
    }

    @Test func responseParserRejectsOtherVersions() {
        #expect(parseResponse(crlf("HTTP/2.0 200 OK", "")) == .failed(.unsupportedVersion))
        #expect(parseResponse(crlf("http/1.1 200 OK", "")) == .failed(.invalidVersion))
    }

    @Test func responseParserRejectsStatusLineOverTheLimit() {
        let limits = HTTPLimits(maxRequestLineBytes: 20)
        #expect(parseResponse(crlf("HTTP/1.1 200 " + String(repeating: "k", count: 7), ""), limits: limits).head != nil)
        #expect(parseResponse(crlf("HTTP/1.1 200 " + String(repeating: "k", count: 8), ""), limits: limits) == .failed(.statusLineTooLong))
    }

    @Test func responseParserAppliesTheFieldRules() {
        #expect(parseResponse(crlf("HTTP/1.1 101 Switching Protocols", "Upgrade : websocket", "")) == .failed(.whitespaceBeforeColon))
        #expect(parseResponse(Array("HTTP/1.1 101 OK\nUpgrade: websocket\r\n\r\n".utf8)) == .failed(.bareLineFeed))
        #expect(parseResponse(crlf("HTTP/1.1 200 OK", "Content-Length: 1", "Content-Length: 2", "")) == .failed(.conflictingContentLength))
    }

    @Test func responseParserNeedsNoHostAndToleratesTransferEncoding() throws {
        let response = try #require(parseResponse(crlf("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "")).head)
        #expect(response.headers["Transfer-Encoding"] == "chunked")
    }

    @Test func responseParserSkipsEmptyLinesBeforeTheStatusLine() throws {
        #expect(parseResponse(crlf("", "HTTP/1.1 200 OK", "")).head?.status == 200)
    }

    @Test func responseParserReadsConsecutiveResponses() {
        let stream = crlf("HTTP/1.1 100 Continue", "") + crlf("HTTP/1.1 200 OK", "Content-Length: 0", "")
        let result = parseEverySplit(HTTPResponseParser.self, stream)
        #expect(result.heads.map(\.status) == [100, 200])
        #expect(result.ends.last == stream.count)
    }
}
