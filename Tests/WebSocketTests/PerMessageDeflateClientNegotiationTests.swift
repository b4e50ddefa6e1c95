import Testing
import WebSocket

@Suite struct PerMessageDeflateClientNegotiationTests {
    @Test func theDefaultOfferAsksForTheMemoryFriendlySettings() {
        #expect(PerMessageDeflateNegotiation.clientOffer(options: .init())
            == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=12")
    }

    @Test func theOfferFollowsTheOptions() {
        let plain = PerMessageDeflateOptions(serverNoContextTakeover: false, requestClientNoContextTakeover: false, clientMaxWindowBits: 15)
        #expect(PerMessageDeflateNegotiation.clientOffer(options: plain) == "permessage-deflate; client_max_window_bits")
        let small = PerMessageDeflateOptions(serverNoContextTakeover: false, requestClientNoContextTakeover: false, serverMaxWindowBits: 10, offerClientMaxWindowBits: false)
        #expect(PerMessageDeflateNegotiation.clientOffer(options: small) == "permessage-deflate; server_max_window_bits=10")
    }

    struct GoodResponse: Sendable, CustomTestStringConvertible {
        var options: PerMessageDeflateOptions
        var response: String
        var parameters: PerMessageDeflateParameters
        var testDescription: String { response }
    }

    static let goodResponses: [GoodResponse] = [
        GoodResponse(options: .init(), response: "permessage-deflate",
                     parameters: .init(clientNoContextTakeover: true, clientMaxWindowBits: 12)),
        GoodResponse(options: .init(), response: "permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=9",
                     parameters: .init(serverNoContextTakeover: true, clientNoContextTakeover: true, clientMaxWindowBits: 9)),
        GoodResponse(options: .init(requestClientNoContextTakeover: false, clientMaxWindowBits: 15), response: #"permessage-deflate;server_max_window_bits="10""#,
                     parameters: .init(serverMaxWindowBits: 10)),
        GoodResponse(options: .init(requestClientNoContextTakeover: false), response: "permessage-deflate; client_no_context_takeover",
                     parameters: .init(clientNoContextTakeover: true, clientMaxWindowBits: 12)),
        // Asked-for parameters left out: the server keeps its context and may use 15 bits.
        GoodResponse(options: .init(serverMaxWindowBits: 10), response: "permessage-deflate",
                     parameters: .init(clientNoContextTakeover: true, clientMaxWindowBits: 12)),
        GoodResponse(options: .init(serverMaxWindowBits: 10), response: "permessage-deflate; server_max_window_bits=8",
                     parameters: .init(clientNoContextTakeover: true, serverMaxWindowBits: 8, clientMaxWindowBits: 12)),
        // Other extensions are the handshake's business.
        GoodResponse(options: .init(), response: "x-foo, permessage-deflate; server_no_context_takeover",
                     parameters: .init(serverNoContextTakeover: true, clientNoContextTakeover: true, clientMaxWindowBits: 12)),
    ]

    @Test(arguments: goodResponses)
    func aValidResponseGivesTheAgreedParameters(_ good: GoodResponse) {
        #expect(PerMessageDeflateNegotiation.clientAccept(responseHeaderValue: good.response, options: good.options) == .success(good.parameters))
    }

    struct BadResponse: Sendable, CustomTestStringConvertible {
        var options: PerMessageDeflateOptions = .init()
        var response: String
        var error: PerMessageDeflateError
        var testDescription: String { response }
    }

    static let badResponses: [BadResponse] = [
        BadResponse(response: "permessage-deflate; foo", error: .unknownParameter("foo")),
        BadResponse(response: "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                    error: .duplicateParameter("server_no_context_takeover")),
        BadResponse(response: "permessage-deflate; client_max_window_bits=10; client_max_window_bits=10",
                    error: .duplicateParameter("client_max_window_bits")),
        BadResponse(options: .init(offerClientMaxWindowBits: false), response: "permessage-deflate; client_max_window_bits=10",
                    error: .unrequestedParameter("client_max_window_bits")),
        BadResponse(response: "permessage-deflate; client_max_window_bits", error: .invalidParameterValue("client_max_window_bits")),
        BadResponse(response: "permessage-deflate; client_max_window_bits=16", error: .invalidParameterValue("client_max_window_bits")),
        BadResponse(response: "permessage-deflate; server_max_window_bits=7", error: .invalidParameterValue("server_max_window_bits")),
        BadResponse(response: "permessage-deflate; server_max_window_bits=16", error: .invalidParameterValue("server_max_window_bits")),
        BadResponse(response: "permessage-deflate; server_max_window_bits=010", error: .invalidParameterValue("server_max_window_bits")),
        BadResponse(response: "permessage-deflate; server_max_window_bits", error: .invalidParameterValue("server_max_window_bits")),
        BadResponse(response: "permessage-deflate; server_no_context_takeover=true", error: .invalidParameterValue("server_no_context_takeover")),
        BadResponse(options: .init(serverMaxWindowBits: 10), response: "permessage-deflate; server_max_window_bits=11",
                    error: .serverWindowBitsAboveRequest(requested: 10, received: 11)),
        BadResponse(response: "permessage-deflate, permessage-deflate", error: .extensionRepeated),
        BadResponse(response: "x-foo", error: .extensionMissing),
        BadResponse(response: "", error: .extensionMissing),
        BadResponse(response: #"permessage-deflate; server_max_window_bits="10"#, error: .malformedHeader),
        BadResponse(response: "permessage-deflate; ; x", error: .malformedHeader),
        BadResponse(options: .init(enabled: false), response: "permessage-deflate", error: .extensionNotOffered),
    ]

    @Test(arguments: badResponses)
    func anInvalidResponseFailsTheConnection(_ bad: BadResponse) {
        #expect(PerMessageDeflateNegotiation.clientAccept(responseHeaderValue: bad.response, options: bad.options) == .failure(bad.error))
    }

    @Test func errorsSayWhatWasWrongAndWhatToDo() {
        let description = String(describing: PerMessageDeflateError.unknownParameter("foo"))
        #expect(description.contains("foo") && description.contains("fail the connection"))
    }

    static let optionVariants: [PerMessageDeflateOptions] = [
        .init(),
        .init(serverNoContextTakeover: false, requestClientNoContextTakeover: false, clientMaxWindowBits: 15),
        .init(serverMaxWindowBits: 9, clientMaxWindowBits: 8),
        .init(serverMaxWindowBits: 8, clientMaxWindowBits: 15, offerClientMaxWindowBits: false),
        .init(serverNoContextTakeover: false, serverMaxWindowBits: 13, clientMaxWindowBits: 10),
        .init(requestClientNoContextTakeover: false, clientMaxWindowBits: 11, offerClientMaxWindowBits: false),
    ]

    /// Whatever each side wants, what one side sends fits what the other receives.
    @Test func everyNegotiationLeavesBothEndsCompatible() throws {
        for clientOptions in Self.optionVariants {
            for serverOptions in Self.optionVariants {
                let offer = PerMessageDeflateNegotiation.clientOffer(options: clientOptions)
                let server = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: [offer], options: serverOptions))
                let client = try PerMessageDeflateNegotiation.clientAccept(responseHeaderValue: server.headerValue, options: clientOptions).get()
                let context = "\(offer) -> \(server.headerValue)"
                #expect(client.clientMaxWindowBits <= server.parameters.clientMaxWindowBits, "\(context)")
                #expect(server.parameters.serverMaxWindowBits <= client.serverMaxWindowBits, "\(context)")
                #expect(!server.parameters.clientNoContextTakeover || client.clientNoContextTakeover, "\(context)")
                #expect(!client.serverNoContextTakeover || server.parameters.serverNoContextTakeover, "\(context)")
                #expect(server.parameters.serverMaxWindowBits <= serverOptions.serverMaxWindowBits, "\(context)")
            }
        }
    }
}
