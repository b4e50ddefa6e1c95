import Testing
import WebSocket

@Suite struct PerMessageDeflateServerNegotiationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var offers: [String]
        var response: String
        var parameters: PerMessageDeflateParameters
        var testDescription: String { offers.joined(separator: " | ") }
    }

    static func parameters(
        serverNoContext: Bool = true, clientNoContext: Bool = false, serverBits: Int = 15, clientBits: Int = 15
    ) -> PerMessageDeflateParameters {
        PerMessageDeflateParameters(
            serverNoContextTakeover: serverNoContext, clientNoContextTakeover: clientNoContext,
            serverMaxWindowBits: serverBits, clientMaxWindowBits: clientBits
        )
    }

    /// Default options. The first rows are the offers of Autobahn cases 12.x and 13.1-13.7.
    static let defaultOptionCases: [Case] = [
        Case(offers: ["permessage-deflate; client_no_context_takeover; client_max_window_bits"],
             response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=12",
             parameters: parameters(clientNoContext: true, clientBits: 12)),
        Case(offers: ["permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover"],
             response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=12",
             parameters: parameters(clientNoContext: true, clientBits: 12)),
        Case(offers: ["permessage-deflate; client_no_context_takeover; client_max_window_bits; server_max_window_bits=9"],
             response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=12",
             parameters: parameters(clientNoContext: true, serverBits: 9, clientBits: 12)),
        Case(offers: ["permessage-deflate; client_no_context_takeover; client_max_window_bits; server_max_window_bits=15"],
             response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15; client_max_window_bits=12",
             parameters: parameters(clientNoContext: true, clientBits: 12)),
        Case(offers: ["permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=8"],
             response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=12",
             parameters: parameters(clientNoContext: true, serverBits: 8, clientBits: 12)),
        Case(offers: ["permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9, permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover, permessage-deflate; client_no_context_takeover; client_max_window_bits"],
             response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=12",
             parameters: parameters(clientNoContext: true, serverBits: 9, clientBits: 12)),
        // The brief's examples, and what browsers send.
        Case(offers: ["permessage-deflate; server_max_window_bits=9"],
             response: "permessage-deflate; server_no_context_takeover; server_max_window_bits=9",
             parameters: parameters(serverBits: 9)),
        Case(offers: ["permessage-deflate; client_max_window_bits"],
             response: "permessage-deflate; server_no_context_takeover; client_max_window_bits=12",
             parameters: parameters(clientBits: 12)),
        Case(offers: ["permessage-deflate"],
             response: "permessage-deflate; server_no_context_takeover",
             parameters: parameters()),
        // A client's own smaller window needs no answer; a larger one is cut to ours.
        Case(offers: ["permessage-deflate; client_max_window_bits=10"],
             response: "permessage-deflate; server_no_context_takeover",
             parameters: parameters(clientBits: 10)),
        Case(offers: ["permessage-deflate; client_max_window_bits=14"],
             response: "permessage-deflate; server_no_context_takeover; client_max_window_bits=12",
             parameters: parameters(clientBits: 12)),
        Case(offers: [#"permessage-deflate; client_max_window_bits="9"; server_max_window_bits="11""#],
             response: "permessage-deflate; server_no_context_takeover; server_max_window_bits=11",
             parameters: parameters(serverBits: 11, clientBits: 9)),
        // Other extensions, and offers RFC 7692 §7.1 makes us decline, are passed over.
        Case(offers: ["x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=10"],
             response: "permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
             parameters: parameters(serverBits: 10)),
        Case(offers: ["permessage-deflate; foo, permessage-deflate; server_no_context_takeover; server_no_context_takeover, permessage-deflate; server_max_window_bits=16, permessage-deflate; server_max_window_bits=10"],
             response: "permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
             parameters: parameters(serverBits: 10)),
        Case(offers: [#"permessage-deflate; server_max_window_bits="9"#, "permessage-deflate; client_max_window_bits"],
             response: "permessage-deflate; server_no_context_takeover; client_max_window_bits=12",
             parameters: parameters(clientBits: 12)),
        Case(offers: [#"x-foo; a="permessage-deflate, x", permessage-deflate"#],
             response: "permessage-deflate; server_no_context_takeover",
             parameters: parameters()),
    ]

    @Test(arguments: defaultOptionCases)
    func theServerAnswersTheFirstAcceptableOffer(_ testCase: Case) throws {
        let accepted = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: testCase.offers, options: .init()))
        #expect(accepted.headerValue == testCase.response)
        #expect(accepted.parameters == testCase.parameters)
    }

    @Test(arguments: [
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
        "permessage-deflate; foo",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=08",
        "permessage-deflate; server_max_window_bits=+9",
        "permessage-deflate; server_max_window_bits=abc",
        "permessage-deflate; client_max_window_bits=0",
        "permessage-deflate; client_max_window_bits=\"16\"",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover=\"x\"",
        "permessage-deflate; server_max_window_bits=\"1 0\"",
        "permessage-deflate;",
        "Permessage-Deflate",
        "permessage-deflate-x",
        "x-webkit-deflate-frame",
        "",
    ])
    func aMalformedOrForeignOfferIsDeclined(offer: String) {
        #expect(PerMessageDeflateNegotiation.serverResponse(toOffers: [offer], options: .init()) == nil)
    }

    @Test func noOffersMeansNoExtension() {
        #expect(PerMessageDeflateNegotiation.serverResponse(toOffers: [], options: .init()) == nil)
    }

    @Test func aDisabledServerDeclinesEveryOffer() {
        let options = PerMessageDeflateOptions(enabled: false)
        #expect(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate"], options: options) == nil)
    }

    @Test func aServerKeepingItsContextSaysNothingUnasked() throws {
        let options = PerMessageDeflateOptions(serverNoContextTakeover: false, requestClientNoContextTakeover: false, clientMaxWindowBits: 15)
        let plain = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate; client_max_window_bits"], options: options))
        #expect(plain.headerValue == "permessage-deflate")
        #expect(plain.parameters == PerMessageDeflateParameters())
    }

    @Test func aServerHonoursARequestedNoContextTakeoverWhateverItsOptions() throws {
        let options = PerMessageDeflateOptions(serverNoContextTakeover: false)
        let accepted = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate; server_no_context_takeover"], options: options))
        #expect(accepted.headerValue == "permessage-deflate; server_no_context_takeover")
        #expect(accepted.parameters.serverNoContextTakeover)
    }

    @Test func clientNoContextTakeoverIsConfirmedOnlyWhenOfferedAndWanted() throws {
        let unwilling = PerMessageDeflateOptions(requestClientNoContextTakeover: false)
        let declinedHint = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate; client_no_context_takeover"], options: unwilling))
        #expect(declinedHint.headerValue == "permessage-deflate; server_no_context_takeover")
        #expect(!declinedHint.parameters.clientNoContextTakeover)

        let unoffered = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate"], options: .init()))
        #expect(!unoffered.headerValue.contains("client_no_context_takeover"))
    }

    @Test func aSmallerServerWindowIsAnnouncedUnasked() throws {
        let options = PerMessageDeflateOptions(serverMaxWindowBits: 10)
        let plain = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate"], options: options))
        #expect(plain.headerValue == "permessage-deflate; server_no_context_takeover; server_max_window_bits=10")
        let smallerAsked = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate; server_max_window_bits=9"], options: options))
        #expect(smallerAsked.parameters.serverMaxWindowBits == 9)
        let largerAsked = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate; server_max_window_bits=12"], options: options))
        #expect(largerAsked.headerValue == "permessage-deflate; server_no_context_takeover; server_max_window_bits=10")
    }

    @Test func clientMaxWindowBitsNeverAppearsUnlessOffered() throws {
        let options = PerMessageDeflateOptions(clientMaxWindowBits: 8)
        let accepted = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: ["permessage-deflate; server_max_window_bits=12"], options: options))
        #expect(!accepted.headerValue.contains("client_max_window_bits"))
        #expect(accepted.parameters.clientMaxWindowBits == 15, "a client that did not offer it may use 15 bits")
    }
}
