import Foundation
import Server
import Testing

/// `/healthz` and `/readyz`: the pure decision, then what a probe sees over HTTP.
@Suite struct ReadinessTests {
    @Test func aListeningNodeAloneWithAnOpenStoreIsReady() {
        let readiness = Readiness(listening: true, clusterJoined: nil, resultStoreOpen: true, draining: false)
        #expect(readiness.isReady)
        #expect(readiness.reasons.isEmpty)
    }

    @Test func everyReasonThatHoldsIsListed() {
        let readiness = Readiness(listening: false, clusterJoined: false, resultStoreOpen: false, draining: true)
        #expect(!readiness.isReady)
        #expect(readiness.reasons == [.notListening, .joiningCluster, .resultStoreUnavailable, .draining])
    }

    @Test func aClusteredNodeIsUnreadyUntilItHasJoined() {
        #expect(Readiness(listening: true, clusterJoined: false, resultStoreOpen: true, draining: false).reasons == [.joiningCluster])
        #expect(Readiness(listening: true, clusterJoined: true, resultStoreOpen: true, draining: false).isReady)
    }

    @Test func aRunningNodeAnswersHealthzAndReadyz() throws {
        try withNode { node in
            let health = try #require(httpRequest(port: node.server.port, path: "/healthz"))
            #expect(health.status == 200)
            #expect(health.body == "ok\n")
            let ready = try #require(httpRequest(port: node.server.port, path: "/readyz"))
            #expect(ready.status == 200)
            #expect(jsonObject(ready.body)["ready"] as? Bool == true)
            #expect(jsonObject(ready.body)["node"] as? String == "n1")
        }
    }

    @Test func aDrainingNodeIsAliveButNotReady() throws {
        try withNode { node in
            node.server.beginDraining()
            let ready = try #require(httpRequest(port: node.server.port, path: "/readyz"))
            #expect(ready.status == 503)
            #expect(jsonObject(ready.body)["reasons"] as? [String] == ["draining"])
            #expect(httpRequest(port: node.server.port, path: "/healthz")?.status == 200)
            let metrics = httpRequest(port: node.server.port, path: "/metrics")?.body ?? ""
            #expect(metrics.contains("roost_ready 0\n"))
            #expect(metrics.contains("roost_not_ready{reason=\"draining\"} 1\n"))
        }
    }

    @Test func aDrainingNodeRefusesNewGames() throws {
        try withNode { node in
            let ada = try node.player("Ada")
            node.server.beginDraining()
            try ada.expectError(.gameCreate(.init(kind: "connect4")), .shuttingDown)
        }
    }

    @Test func aClusteredNodeWithoutSeedsIsAloneByDesignAndReady() throws {
        try withNode({ configuration in
            var cluster = ClusterSettings(secret: Array(repeating: 9, count: 32))
            cluster.listenPort = 0
            configuration.cluster = cluster
        }) { node in
            // Joining is latched on the cluster loop just after the link starts: poll, no timing assumed.
            var ready = httpRequest(port: node.server.port, path: "/readyz")
            for _ in 0..<200 where ready?.status != 200 {
                usleep(20_000)
                ready = httpRequest(port: node.server.port, path: "/readyz")
            }
            #expect(ready?.status == 200, "\(ready?.body ?? "no answer")")
        }
    }

    @Test func aClusteredNodeWhoseSeedsAreNotThereIsNotReady() throws {
        try withNode({ configuration in
            var cluster = ClusterSettings(secret: Array(repeating: 9, count: 32))
            cluster.listenPort = 0
            // A port nobody listens on (1 is reserved, and unprivileged tests cannot bind it).
            cluster.seeds = ["127.0.0.1:1"]
            configuration.cluster = cluster
        }) { node in
            let ready = try #require(httpRequest(port: node.server.port, path: "/readyz"))
            #expect(ready.status == 503)
            #expect(jsonObject(ready.body)["reasons"] as? [String] == ["joining_cluster"])
        }
    }
}
