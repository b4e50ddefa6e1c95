import Testing
@testable import ClusterWire

@Suite struct ClusterWireTargetTests {
    @Test func wireVersionIsOne() { #expect(ClusterWireVersion.current == 1) }
}
