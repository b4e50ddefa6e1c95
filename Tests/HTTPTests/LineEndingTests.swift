import HTTP
import Testing

/// Line endings are CRLF only: a bare LF or a bare CR fails wherever it appears (RFC 9112 §2.2 allows both
/// choices; Roost takes the strict one so it never reads a stream differently from a strict proxy in front).
struct LineEndingTests {
    @Test func parserRejectsBareLineFeedAfterRequestLine() {
        #expect(parseRequest(Array("GET / HTTP/1.1\nHost: a\r\n\r\n".utf8)) == .failed(.bareLineFeed))
    }

    @Test func parserRejectsBareLineFeedAfterHeader() {
        #expect(parseRequest(Array("GET / HTTP/1.1\r\nHost: a\n\r\n".utf8)) == .failed(.bareLineFeed))
    }

    @Test func parserRejectsBareLineFeedAsBlankLine() {
        #expect(parseRequest(Array("GET / HTTP/1.1\r\nHost: a\r\n\n".utf8)) == .failed(.bareLineFeed))
    }

    @Test func parserRejectsBareLineFeedBeforeRequestLine() {
        #expect(parseRequest(Array("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)) == .failed(.bareLineFeed))
    }

    @Test func parserRejectsRequestWithOnlyLineFeeds() {
        #expect(parseRequest(Array("GET / HTTP/1.1\nHost: a\n\n".utf8)) == .failed(.bareLineFeed))
    }

    @Test func parserRejectsBareCarriageReturnInsideHeaderValue() {
        #expect(parseRequest(Array("GET / HTTP/1.1\r\nHost: a\rX-Injected: 1\r\n\r\n".utf8)) == .failed(.bareCarriageReturn))
    }

    @Test func parserRejectsBareCarriageReturnInsideRequestLine() {
        #expect(parseRequest(Array("GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n".utf8)) == .failed(.bareCarriageReturn))
    }

    @Test func parserRejectsDoubledCarriageReturn() {
        #expect(parseRequest(Array("GET / HTTP/1.1\r\r\nHost: a\r\n\r\n".utf8)) == .failed(.bareCarriageReturn))
    }

    @Test func parserRejectsCarriageReturnEndingTheBlankLineWithoutLineFeed() {
        #expect(parseRequest(Array("GET / HTTP/1.1\r\nHost: a\r\n\rX".utf8)) == .failed(.bareCarriageReturn))
    }

    @Test func parserWaitsForTheByteAfterACarriageReturn() {
        var parser = HTTPRequestParser()
        #expect(parser.parse(Array("GET / HTTP/1.1\r".utf8)) == .needMoreBytes)
        #expect(parser.parse(Array("x".utf8)) == .failed(.bareCarriageReturn))
    }

    @Test func lineEndingErrorsAreBadRequests() {
        #expect(HTTPParseError.bareLineFeed.status == .badRequest)
        #expect(HTTPParseError.bareCarriageReturn.status == .badRequest)
    }
}
