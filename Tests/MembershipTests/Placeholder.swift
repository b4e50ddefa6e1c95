import Testing
@testable import Membership

@Suite struct MembershipTargetTests {
    @Test func nodeIDsOrderByName() { #expect(NodeID(name: "a", address: "x:1") < NodeID(name: "b", address: "x:1")) }
}
