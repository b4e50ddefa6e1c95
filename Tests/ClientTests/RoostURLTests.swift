import Client
import Testing

/// Server addresses as people type them.
struct RoostURLTests {
    private func parsed(_ text: String) -> String? {
        try? RoostURL.parse(text).get().description
    }

    @Test func fullURLIsKeptAsItIs() {
        #expect(parsed("ws://127.0.0.1:8080/ws") == "ws://127.0.0.1:8080/ws")
        #expect(parsed("wss://play.example:8443/ws") == "wss://play.example:8443/ws")
    }

    @Test func urlWithoutPathGetsTheProtocolPath() {
        #expect(parsed("ws://127.0.0.1:8080") == "ws://127.0.0.1:8080/ws")
        #expect(parsed("ws://127.0.0.1:8080/") == "ws://127.0.0.1:8080/ws")
    }

    @Test func otherPathsAreKept() {
        #expect(parsed("ws://host:1/roost/ws") == "ws://host:1/roost/ws")
    }

    @Test func addressWithoutSchemeMeansPlainWebSocket() {
        #expect(parsed("localhost:9000") == "ws://localhost:9000/ws")
    }

    @Test func httpSchemesBecomeWebSocketSchemes() {
        #expect(parsed("http://host:8080/ws") == "ws://host:8080/ws")
        #expect(parsed("https://host/ws") == "wss://host/ws")
    }

    @Test func surroundingSpacesAreIgnored() {
        #expect(parsed("  ws://h:1/ws \n") == "ws://h:1/ws")
    }

    @Test func malformedAddressesAreRefusedWithAHint() {
        for text in ["", "ws://", "ws://host:notaport/ws", "ws://host:70000", "ftp://host/ws"] {
            guard case .failure(let error) = RoostURL.parse(text) else {
                Issue.record("accepted \(text)")
                continue
            }
            #expect(error.description.contains("ws://host:port/ws"))
        }
    }
}
