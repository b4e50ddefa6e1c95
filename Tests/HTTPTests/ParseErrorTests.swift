import HTTP
import Testing

/// Every error maps to the status a server answers and to a reason fit for a response body.
struct ParseErrorTests {
    /// Every case with the status a server answers it with.
    static let statusCodes: [(HTTPParseError, Int)] = [
        (.requestLineTooLong, 414),
        (.headersTooLarge, 431),
        (.tooManyHeaders, 431),
        (.bareCarriageReturn, 400),
        (.bareLineFeed, 400),
        (.malformedRequestLine, 400),
        (.invalidMethod, 400),
        (.invalidTarget, 400),
        (.invalidVersion, 400),
        (.unsupportedVersion, 505),
        (.malformedHeader, 400),
        (.invalidHeaderName, 400),
        (.whitespaceBeforeColon, 400),
        (.invalidHeaderValue, 400),
        (.obsoleteLineFolding, 400),
        (.unsupportedTransferEncoding, 501),
        (.invalidContentLength, 400),
        (.conflictingContentLength, 400),
        (.missingHost, 400),
        (.multipleHosts, 400),
        (.statusLineTooLong, 502),
        (.malformedStatusLine, 502),
        (.invalidStatusCode, 502),
    ]

    @Test(arguments: statusCodes)
    func errorMapsToItsStatusCode(error: HTTPParseError, code: Int) {
        #expect(error.status.code == code)
    }

    @Test func everyErrorHasAnExpectedStatus() {
        #expect(Set(Self.statusCodes.map(\.0)) == Set(HTTPParseError.allCases))
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
