import HTTP
import Testing

/// Every error maps to the status a server answers and to a reason fit for a response body.
struct ParseErrorTests {
    @Test(arguments: [
        (HTTPParseError.requestLineTooLong, 414),
        (.headersTooLarge, 431),
        (.tooManyHeaders, 431),
        (.unsupportedVersion, 505),
        (.unsupportedTransferEncoding, 501),
        (.malformedRequestLine, 400),
        (.invalidMethod, 400),
        (.invalidTarget, 400),
        (.invalidVersion, 400),
        (.missingHost, 400),
        (.invalidContentLength, 400),
        (.statusLineTooLong, 502),
    ])
    func errorMapsToItsStatusCode(error: HTTPParseError, code: Int) {
        #expect(error.status.code == code)
    }

    @Test(arguments: HTTPParseError.allCases)
    func errorHasAReasonThatSaysWhatWasWrong(error: HTTPParseError) {
        #expect(error.reason.count > 20)
        #expect(error.reason.hasSuffix("."))
        #expect(!error.status.reason.isEmpty)
    }

    @Test func errorReasonNeverEchoesTheRequest() {
        let marker = "<script>zz-marker</script>"
        let result = parseRequest(crlf("GET / HTTP/1.1", "Host: a", "X-\(marker): 1", ""))
        let error = result.error
        #expect(error == .invalidHeaderName)
        #expect(error.map { !$0.reason.contains("zz-marker") } == true)
    }

    @Test func statusHasStandardReasonPhrases() {
        #expect(HTTPStatus.ok == HTTPStatus(code: 200, reason: "OK"))
        #expect(HTTPStatus.upgradeRequired.code == 426)
        #expect(HTTPStatus.requestTimeout == HTTPStatus(code: 408, reason: "Request Timeout"))
        #expect(HTTPStatus(code: 299).reason == "")
        #expect(HTTPStatus.switchingProtocols.forbidsContent)
        #expect(!HTTPStatus.ok.forbidsContent)
    }
}
