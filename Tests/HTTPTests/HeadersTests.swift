import HTTP
import Testing

/// `HTTPHeaders`: ordered fields, case-insensitive lookup, token lists.
struct HeadersTests {
    @Test func headersLookUpNamesCaseInsensitively() {
        let headers: HTTPHeaders = ["Sec-WebSocket-Key": "k"]
        #expect(headers["sec-websocket-key"] == "k")
        #expect(headers["SEC-WEBSOCKET-KEY"] == "k")
        #expect(headers["Sec-WebSocket-Keys"] == nil)
        #expect(headers.contains(name: "SEC-websocket-key"))
    }

    @Test func headersReturnTheFirstValueAndAllValuesInOrder() {
        let headers: HTTPHeaders = ["Accept": "a", "X": "x", "accept": "b"]
        #expect(headers["ACCEPT"] == "a")
        #expect(headers.values("Accept") == ["a", "b"])
        #expect(headers.values("Missing") == [])
    }

    @Test(arguments: [
        ("keep-alive, Upgrade", "upgrade", true),
        ("Upgrade", "UPGRADE", true),
        ("  upgrade  ,close", "close", true),
        ("keep-alive,\tUpgrade\t", "upgrade", true),
        ("upgraded", "upgrade", false),
        ("no-upgrade", "upgrade", false),
        ("keep-alive", "upgrade", false),
        ("", "upgrade", false),
        (",,", "upgrade", false),
    ])
    func headersFindTokensInCommaSeparatedValues(value: String, token: String, found: Bool) {
        let headers: HTTPHeaders = ["Connection": value]
        #expect(headers.containsToken(token, in: "connection") == found)
    }

    @Test func headersFindTokensAcrossRepeatedFields() {
        let headers: HTTPHeaders = ["Connection": "keep-alive", "Connection": "Upgrade"]
        #expect(headers.containsToken("upgrade", in: "Connection"))
        #expect(!headers.containsToken("upgrade", in: "Upgrade"))
    }

    @Test func headersAddRemoveAndReplace() {
        var headers = HTTPHeaders()
        headers.add(name: "A", value: "1")
        headers.add(name: "B", value: "2")
        headers.add(name: "a", value: "3")
        headers.replaceOrAdd(name: "A", value: "9")
        #expect(headers == ["A": "9", "B": "2"])
        headers.replaceOrAdd(name: "C", value: "4")
        #expect(headers == ["A": "9", "B": "2", "C": "4"])
        headers.remove(name: "b")
        #expect(headers == ["A": "9", "C": "4"])
        #expect(headers.count == 2)
    }

    @Test func headersEqualOnlyWithTheSameFieldsInTheSameOrder() {
        let headers = HTTPHeaders([(name: "A", value: "1"), (name: "B", value: "2")])
        #expect(headers == ["A": "1", "B": "2"])
        #expect(headers != ["B": "2", "A": "1"])
        #expect(headers != ["a": "1", "B": "2"])
        #expect(headers != ["A": "1"])
    }

    @Test func headersIterateInOrder() {
        let headers: HTTPHeaders = ["Z": "1", "A": "2", "Z": "3"]
        #expect(headers.map(\.name) == ["Z", "A", "Z"])
        #expect(headers.map(\.value) == ["1", "2", "3"])
    }
}
