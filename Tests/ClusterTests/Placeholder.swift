import Testing
@testable import Cluster

@Suite struct ClusterTargetTests {
    @Test func shellSpeaksTheWireVersion() { #expect(clusterWireVersion == 1) }
}
