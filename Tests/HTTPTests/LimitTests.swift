import HTTP
import Testing

/// `HTTPLimits` hold at the exact byte where they are crossed, however the bytes arrive.
struct LimitTests {
    /// A request line of exactly `length` bytes before its CRLF.
    private func requestLine(length: Int) -> String {
        let fixed = "GET / HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1"
    }

    /// A head of exactly `size` bytes whose request line is short, padded in one header value.
    private func head(size: Int) -> [UInt8] {
        let fixed = crlf("GET / HTTP/1.1", "Host: a", "X-Pad: ", "").count
        return crlf("GET / HTTP/1.1", "Host: a", "X-Pad: " + String(repeating: "p", count: size - fixed), "")
    }

    @Test func parserAcceptsRequestLineExactlyAtTheLimit() {
        let limits = HTTPLimits(maxRequestLineBytes: 32)
        #expect(parseRequest(crlf(requestLine(length: 32), "Host: a", ""), limits: limits).head != nil)
    }

    @Test func parserRejectsRequestLineOneByteOverTheLimitWith414() {
        let limits = HTTPLimits(maxRequestLineBytes: 32)
        let result = parseRequest(crlf(requestLine(length: 33), "Host: a", ""), limits: limits)
        #expect(result == .failed(.requestLineTooLong))
        #expect(result.error?.status == .uriTooLong)
    }

    @Test func parserRejectsOverlongRequestLineBeforeItsEndArrives() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxRequestLineBytes: 32))
        #expect(parser.parse(Array(String(repeating: "a", count: 32).utf8)) == .needMoreBytes)
        #expect(parser.parse(Array("a".utf8)) == .failed(.requestLineTooLong))
    }

    @Test func parserAcceptsACarriageReturnRightAfterAFullRequestLine() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxRequestLineBytes: 32))
        #expect(parser.parse(Array(requestLine(length: 32).utf8)) == .needMoreBytes)
        #expect(parser.parse(Array("\r".utf8)) == .needMoreBytes)
        #expect(parser.parse(Array("\nHost: a\r\n\r\n".utf8)).isComplete)
    }

    @Test func parserDoesNotCountLeadingEmptyLinesAgainstTheRequestLine() {
        let limits = HTTPLimits(maxRequestLineBytes: 32)
        #expect(parseRequest(crlf("", "", requestLine(length: 32), "Host: a", ""), limits: limits).head != nil)
    }

    @Test func parserAcceptsHeadExactlyAtTheLimit() {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        let request = head(size: 100)
        #expect(request.count == 100)
        #expect(parseRequest(request, limits: limits).head != nil)
    }

    @Test func parserRejectsHeadOneByteOverTheLimitWith431() {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        let request = head(size: 101)
        let result = parseRequest(request, limits: limits)
        #expect(result == .failed(.headersTooLarge))
        #expect(result.error?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func parserFailsOnTheFirstByteOverTheHeadLimitAndNotBefore() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 100))
        let request = head(size: 101)
        for byte in request.prefix(100) {
            #expect(parser.parse([byte]) == .needMoreBytes)
        }
        #expect(parser.parse([request[100]]) == .failed(.headersTooLarge))
    }

    @Test func parserRejectsHeadOverTheLimitWhenTheLastByteIsTheFinalLineFeed() {
        // The CR of the blank line is byte 100; its LF would be byte 101.
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 100))
        let request = head(size: 101)
        #expect(parser.parse(Array(request.dropLast())) == .needMoreBytes)
        #expect(parser.parse([ASCII.lf]) == .failed(.headersTooLarge))
    }

    @Test func parserCountsLeadingEmptyLinesAgainstTheHeadLimit() {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        #expect(parseRequest(crlf("") + head(size: 98), limits: limits).head != nil)
        #expect(parseRequest(crlf("") + head(size: 99), limits: limits) == .failed(.headersTooLarge))
    }

    @Test func parserStopsEndlessEmptyLinesAtTheHeadLimit() {
        let limits = HTTPLimits(maxHeaderBytes: 64)
        let emptyLines = Array(repeating: crlf(""), count: 40).flatMap { $0 }
        #expect(parseRequest(emptyLines, limits: limits) == .failed(.headersTooLarge))
    }

    @Test func parserAcceptsHeaderCountExactlyAtTheLimit() throws {
        let fields = (1...4).map { "X-\($0): v" }
        let request = crlf(["GET / HTTP/1.1", "Host: a"] + fields + [""])
        let head = try #require(parseRequest(request, limits: HTTPLimits(maxHeaderCount: 5)).head)
        #expect(head.headers.count == 5)
    }

    @Test func parserRejectsOneHeaderOverTheCountLimitWith431() {
        let fields = (1...5).map { "X-\($0): v" }
        let request = crlf(["GET / HTTP/1.1", "Host: a"] + fields + [""])
        let result = parseRequest(request, limits: HTTPLimits(maxHeaderCount: 5))
        #expect(result == .failed(.tooManyHeaders))
        #expect(result.error?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func parserReportsWhicheverLimitIsCrossedFirst() {
        // The request line's 33rd byte comes before the head's 41st: 414.
        let limits = HTTPLimits(maxRequestLineBytes: 32, maxHeaderBytes: 40)
        #expect(parseRequest(crlf(requestLine(length: 60), ""), limits: limits) == .failed(.requestLineTooLong))
        // With a head limit below the line limit the head limit is crossed first: 431.
        let tight = HTTPLimits(maxRequestLineBytes: 64, maxHeaderBytes: 40)
        #expect(parseRequest(crlf(requestLine(length: 60), ""), limits: tight) == .failed(.headersTooLarge))
    }

    @Test func parserReportsAnErrorInsideTheLimitBeforeTheLimit() {
        let limits = HTTPLimits(maxHeaderBytes: 40)
        let request = crlf("GET / HTTP/1.1", "Bad Name: x", "X-Pad: " + String(repeating: "p", count: 40), "")
        #expect(parseRequest(request, limits: limits) == .failed(.invalidHeaderName))
    }

    @Test func parserHoldsDefaultLimitsExactlyAtAndOneOver() {
        let defaults = HTTPLimits()
        #expect(defaults.maxRequestLineBytes == 8192)
        #expect(defaults.maxHeaderBytes == 16384)
        #expect(defaults.maxHeaderCount == 64)
        #expect(parseRequest(crlf(requestLine(length: 8192), "Host: a", "")).head != nil)
        #expect(parseRequest(crlf(requestLine(length: 8193), "Host: a", "")) == .failed(.requestLineTooLong))
        #expect(parseRequest(head(size: 16384)).head != nil)
        #expect(parseRequest(head(size: 16385)) == .failed(.headersTooLarge))
    }
}

extension HTTPParseResult {
    var isComplete: Bool {
        if case .complete = self { return true }
        return false
    }
}

private enum ASCII {
    static let lf = UInt8(ascii: "\n")
}
