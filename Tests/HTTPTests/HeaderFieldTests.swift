import HTTP
import Testing

/// Header field lines: `field-name ":" OWS field-value OWS` (RFC 9112 §5).
struct HeaderFieldTests {
    private func request(withField field: String) -> [UInt8] {
        crlf("GET / HTTP/1.1", "Host: a", field, "")
    }

    @Test func parserRejectsHeaderNameWithSpaceBeforeColon() {
        #expect(parseRequest(request(withField: "Upgrade : websocket")) == .failed(.whitespaceBeforeColon))
    }

    @Test func parserRejectsHeaderNameWithTabBeforeColon() {
        #expect(parseRequest(request(withField: "Upgrade\t: websocket")) == .failed(.whitespaceBeforeColon))
    }

    @Test func parserRejectsHeaderLineWithoutColon() {
        #expect(parseRequest(request(withField: "Upgrade websocket")) == .failed(.malformedHeader))
    }

    @Test func parserRejectsEmptyHeaderName() {
        #expect(parseRequest(request(withField: ": websocket")) == .failed(.invalidHeaderName))
    }

    @Test(arguments: ["Up grade: x", "Up(grade): x", "Up/grade: x", "Über: x", "Up\u{7F}grade: x", "Up\u{00}grade: x", "{a}: x"])
    func parserRejectsHeaderNameWithNonTokenByte(field: String) {
        #expect(parseRequest(request(withField: field)) == .failed(.invalidHeaderName))
    }

    @Test(arguments: ["\u{00}", "\u{01}", "\u{08}", "\u{0B}", "\u{0C}", "\u{1B}", "\u{1F}", "\u{7F}"])
    func parserRejectsHeaderValueWithControlCharacter(control: String) {
        #expect(parseRequest(request(withField: "X-Name: a\(control)b")) == .failed(.invalidHeaderValue))
    }

    @Test func parserRejectsObsoleteLineFolding() {
        let folded = crlf("GET / HTTP/1.1", "Host: a", "X-Long: first", " second", "")
        #expect(parseRequest(folded) == .failed(.obsoleteLineFolding))
        let tabFolded = crlf("GET / HTTP/1.1", "Host: a", "X-Long: first", "\tsecond", "")
        #expect(parseRequest(tabFolded) == .failed(.obsoleteLineFolding))
    }

    @Test func parserRejectsWhitespaceBeforeTheFirstHeader() {
        #expect(parseRequest(crlf("GET / HTTP/1.1", " Host: a", "")) == .failed(.obsoleteLineFolding))
    }

    @Test func parserRejectsWhitespaceOnlyLineAsFolding() {
        #expect(parseRequest(crlf("GET / HTTP/1.1", "Host: a", " ", "")) == .failed(.obsoleteLineFolding))
    }

    @Test func parserAcceptsColonsInsideValues() throws {
        let head = try #require(parseRequest(request(withField: "Origin: https://roost.example:8443")).head)
        #expect(head.headers["origin"] == "https://roost.example:8443")
    }

    @Test func headerErrorsAreBadRequests() {
        for error in [HTTPParseError.whitespaceBeforeColon, .malformedHeader, .invalidHeaderName, .invalidHeaderValue, .obsoleteLineFolding] {
            #expect(error.status == .badRequest)
        }
    }
}
