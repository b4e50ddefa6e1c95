import Testing
@testable import WebSocket

@Suite struct PerMessageDeflateHeaderParserTests {
    typealias Element = PerMessageDeflateExtensionElement

    static func element(_ name: String, _ parameters: [(String, String?)] = []) -> Element {
        Element(name: name, parameters: parameters.map { .init(name: $0.0, value: $0.1) })
    }

    @Test func parametersWithAndWithoutValuesKeepTheirOrder() {
        let parsed = PerMessageDeflateHeaderParser.elements(in: "permessage-deflate; client_max_window_bits; server_max_window_bits=10")
        #expect(parsed == [Self.element("permessage-deflate", [("client_max_window_bits", nil), ("server_max_window_bits", "10")])])
    }

    @Test func whitespaceAroundEverySeparatorIsAllowed() {
        let parsed = PerMessageDeflateHeaderParser.elements(in: " \tpermessage-deflate ;server_max_window_bits = 10\t;  x ,foo ")
        #expect(parsed == [
            Self.element("permessage-deflate", [("server_max_window_bits", "10"), ("x", nil)]),
            Self.element("foo"),
        ])
    }

    @Test func quotedValuesAreUnescaped() {
        let parsed = PerMessageDeflateHeaderParser.elements(in: #"permessage-deflate; server_max_window_bits="10"; a="\1\2""#)
        #expect(parsed == [Self.element("permessage-deflate", [("server_max_window_bits", "10"), ("a", "12")])])
    }

    @Test func emptyListElementsAreSkipped() {
        #expect(PerMessageDeflateHeaderParser.elements(in: " , a,, ,b ,") == [Self.element("a"), Self.element("b")])
        #expect(PerMessageDeflateHeaderParser.elements(in: "").isEmpty)
    }

    @Test func severalHeadersReadAsOneList() {
        #expect(PerMessageDeflateHeaderParser.elements(in: ["a; p=1, b", "c"]) == [
            Self.element("a", [("p", "1")]), Self.element("b"), Self.element("c"),
        ])
    }

    @Test(arguments: [
        "permessage-deflate;",
        "permessage-deflate; ;x",
        "permessage-deflate x",
        "; server_no_context_takeover",
        "permessage-deflate; x=",
        "permessage-deflate; x=\"\"",
        "permessage-deflate; x=\"1 0\"",
        "permessage-deflate; x=\"10",
        "permessage-deflate; x=1=2",
        "permessage-deflate; x=\"a\"b",
        "permessage-deflate; x=(10)",
        "perméssage-deflate",
    ])
    func aMalformedElementIsNil(value: String) {
        #expect(PerMessageDeflateHeaderParser.elements(in: value) == [nil])
    }

    @Test func parsingResumesAfterAMalformedElement() {
        let parsed = PerMessageDeflateHeaderParser.elements(in: #"a; x="1,2" y, b; z="3", c"#)
        #expect(parsed == [nil, Self.element("b", [("z", "3")]), Self.element("c")])
    }

    @Test func anUnterminatedQuoteSwallowsTheRestOfItsHeaderOnly() {
        let parsed = PerMessageDeflateHeaderParser.elements(in: [#"a; x="1, b"#, "c"])
        #expect(parsed == [nil, Self.element("c")])
    }
}
