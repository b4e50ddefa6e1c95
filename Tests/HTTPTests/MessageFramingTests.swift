import HTTP
import Testing

/// Content-Length, Transfer-Encoding and Host: the header rules that decide framing (RFC 9112 §3.2, §6).
struct MessageFramingTests {
    private func request(_ fields: String...) -> [UInt8] {
        crlf(["POST /results HTTP/1.1"] + fields + [""])
    }

    @Test func parserReportsContentLengthAndLeavesTheBody() throws {
        let head = request("Host: a", "Content-Length: 5")
        guard case .complete(let parsed, let consumed) = parseRequest(head + Array("hello".utf8)) else {
            Issue.record()
            return
        }
        #expect(parsed.contentLength == 5)
        #expect(consumed == head.count)
    }

    @Test func parserReportsNoContentLengthWhenAbsent() throws {
        let head = try #require(parseRequest(request("Host: a")).head)
        #expect(head.contentLength == nil)
    }

    @Test(arguments: [("0", 0), ("007", 7), ("  42  ", 42), ("42, 42", 42), ("42,42", 42), ("42 ,\t42", 42)])
    func parserAcceptsContentLengthThatIsOneNumber(value: String, length: Int) throws {
        let head = try #require(parseRequest(request("Host: a", "Content-Length: \(value)")).head)
        #expect(head.contentLength == length)
    }

    @Test func parserAcceptsRepeatedIdenticalContentLengthFields() throws {
        let head = try #require(parseRequest(request("Host: a", "Content-Length: 3", "content-length: 3")).head)
        #expect(head.contentLength == 3)
    }

    @Test(arguments: ["", "-1", "+1", "0x10", "1.0", "1 2", "one", "5,", ",5", "1234567890123456789", "99999999999999999999999"])
    func parserRejectsInvalidContentLengthWith400(value: String) {
        let result = parseRequest(request("Host: a", "Content-Length: \(value)"))
        #expect(result == .failed(.invalidContentLength))
        #expect(result.error?.status == .badRequest)
    }

    @Test func parserAcceptsTheLargestContentLengthItCanRepresent() throws {
        let head = try #require(parseRequest(request("Host: a", "Content-Length: 999999999999999999")).head)
        #expect(head.contentLength == 999_999_999_999_999_999)
    }

    @Test func parserRejectsConflictingContentLengthFieldsWith400() {
        let result = parseRequest(request("Host: a", "Content-Length: 3", "Content-Length: 4"))
        #expect(result == .failed(.conflictingContentLength))
        #expect(result.error?.status == .badRequest)
    }

    @Test func parserRejectsConflictingContentLengthListWith400() {
        #expect(parseRequest(request("Host: a", "Content-Length: 3, 4")) == .failed(.conflictingContentLength))
    }

    @Test(arguments: ["chunked", "gzip, chunked", "identity", ""])
    func parserRejectsTransferEncodingWith501(value: String) {
        let result = parseRequest(request("Host: a", "Transfer-Encoding: \(value)"))
        #expect(result == .failed(.unsupportedTransferEncoding))
        #expect(result.error?.status == .notImplemented)
    }

    @Test func parserRejectsTransferEncodingAlongsideContentLength() {
        let smuggling = request("Host: a", "Content-Length: 4", "Transfer-Encoding: chunked")
        #expect(parseRequest(smuggling) == .failed(.unsupportedTransferEncoding))
    }

    @Test func parserRejectsHTTP11RequestWithoutHost() {
        let result = parseRequest(crlf("GET / HTTP/1.1", ""))
        #expect(result == .failed(.missingHost))
        #expect(result.error?.status == .badRequest)
    }

    @Test func parserRejectsRequestWithTwoHosts() {
        #expect(parseRequest(crlf("GET / HTTP/1.1", "Host: a", "Host: b", "")) == .failed(.multipleHosts))
        #expect(parseRequest(crlf("GET / HTTP/1.0", "Host: a", "host: a", "")) == .failed(.multipleHosts))
    }

    @Test func parserKeepsAnsweringAFramingFailure() {
        var parser = HTTPRequestParser()
        #expect(parser.parse(crlf("GET / HTTP/1.1", "")) == .failed(.missingHost))
        #expect(parser.parse(crlf("GET / HTTP/1.1", "Host: a", "")) == .failed(.missingHost))
    }

    @Test func parserRejectsFramingErrorOfAPipelinedRequestAfterTheFirst() {
        let stream = crlf("GET /a HTTP/1.1", "Host: a", "") + crlf("GET /b HTTP/1.1", "")
        let result = parseEverySplit(HTTPRequestParser.self, stream)
        #expect(result.heads.map(\.target) == ["/a"])
        #expect(result.failure == .missingHost)
    }
}
