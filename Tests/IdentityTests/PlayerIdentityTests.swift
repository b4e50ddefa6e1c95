import Testing
@testable import Identity

@Suite struct PlayerIdentityTests {
    @Test func newPlayerIDIs32LowercaseHexDigits() {
        let id = PlayerIdentity.newPlayerID()
        #expect(id.utf8.count == 32)
        #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(PlayerIdentity.isValidPlayerID(id))
    }

    @Test func newPlayerIDsDoNotRepeat() {
        let ids = Set((0..<10_000).map { _ in PlayerIdentity.newPlayerID() })
        #expect(ids.count == 10_000)
    }

    @Test(arguments: [("bot-17", true), ("a", true), ("", false), ("a b", false), ("a|b", false), ("é", false)])
    func playerIDRules(_ id: String, _ valid: Bool) {
        #expect(PlayerIdentity.isValidPlayerID(id) == valid)
    }

    @Test func playerIDLimitIs64Bytes() {
        #expect(PlayerIdentity.isValidPlayerID(String(repeating: "a", count: 64)))
        #expect(!PlayerIdentity.isValidPlayerID(String(repeating: "a", count: 65)))
    }
}
