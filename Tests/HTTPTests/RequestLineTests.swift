import HTTP
import Testing

/// The request line: `method SP request-target SP HTTP-version` (RFC 9112 §3).
struct RequestLineTests {
    @Test(arguments: [
        "GET",
        "GET /",
        "GET / ",
        " GET / HTTP/1.1",
        "GET  / HTTP/1.1",
        "GET /  HTTP/1.1",
        "GET / HTTP/1.1 ",
        "GET / HTTP/1.1 extra",
        "GET\t/ HTTP/1.1",
    ])
    func parserRejectsRequestLineWithoutExactlyTwoSingleSpaces(line: String) {
        #expect(parseRequest(crlf(line, "Host: a", "")) == .failed(.malformedRequestLine))
    }

    @Test(arguments: ["G(T", "GET/", "G\u{7F}T", "GÉT", "G\"T", "G@T", "G;T"])
    func parserRejectsMethodWithNonTokenByte(method: String) {
        #expect(parseRequest(crlf("\(method) / HTTP/1.1", "Host: a", "")) == .failed(.invalidMethod))
    }

    @Test(arguments: ["/caf\u{E9}", "/a\u{7F}", "/a\u{01}b", "/a\u{1B}[0m"])
    func parserRejectsTargetWithByteOutsideVisibleASCII(target: String) {
        #expect(parseRequest(crlf("GET \(target) HTTP/1.1", "Host: a", "")) == .failed(.invalidTarget))
    }

    @Test(arguments: [
        ("GET", "*"),
        ("GET", "roost.example:443"),
        ("GET", "lobby"),
        ("GET", "1http://h/"),
        ("GET", ":/x"),
        ("CONNECT", "/"),
        ("CONNECT", "roost.example"),
        ("OPTIONS", "**"),
    ])
    func parserRejectsTargetFormThatDoesNotFitTheMethod(method: String, target: String) {
        #expect(parseRequest(crlf("\(method) \(target) HTTP/1.1", "Host: a", "")) == .failed(.invalidTarget))
    }

    @Test func parserAcceptsVisibleCharactersRFC3986WouldEscape() throws {
        let head = try #require(parseRequest(crlf("GET /a|b{c}^`\"<>\\[] HTTP/1.1", "Host: a", "")).head)
        #expect(head.target == "/a|b{c}^`\"<>\\[]")
    }

    @Test(arguments: ["http/1.1", "HTTP/1", "HTTP/1.1x", "HTTP/11.1", "HTTP/1.a", "HTTP-1.1", "HTTPS/1.1", "HTTP/1,1"])
    func parserRejectsMalformedVersionWith400(version: String) {
        let result = parseRequest(crlf("GET / \(version)", "Host: a", ""))
        #expect(result == .failed(.invalidVersion))
        #expect(result.error?.status == .badRequest)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "HTTP/9.9"])
    func parserRejectsOtherMajorVersionsWith505(version: String) {
        let result = parseRequest(crlf("GET / \(version)", "Host: a", ""))
        #expect(result == .failed(.unsupportedVersion))
        #expect(result.error?.status == .httpVersionNotSupported)
    }

    @Test func parserReportsMethodErrorBeforeVersionError() {
        #expect(parseRequest(crlf("G(T / HTTP/2.0", "")) == .failed(.invalidMethod))
    }

    @Test func parserRejectsRequestLineOnlyWhenItsLineIsComplete() {
        var parser = HTTPRequestParser()
        #expect(parser.parse(Array("G(T / HTTP/1.1".utf8)) == .needMoreBytes)
        #expect(parser.parse(Array("\r\n".utf8)) == .failed(.invalidMethod))
    }
}
