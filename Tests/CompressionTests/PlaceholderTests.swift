import Testing
@testable import Compression

@Test func placeholder() { #expect(Bool(true)) }
