import Testing
@testable import Reactor

@Test func placeholder() { #expect(Bool(true)) }
