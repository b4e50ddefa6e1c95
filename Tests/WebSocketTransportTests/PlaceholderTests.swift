import Testing
@testable import WebSocketTransport

@Test func placeholder() { #expect(Bool(true)) }
