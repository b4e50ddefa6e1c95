import Testing
@testable import ResultStore

@Suite struct ReplicationTests {
    @Test func replicatedResultsKeepTheirOriginAndDuplicatesAreIgnored() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            let fromB = replicated(origin: "node-b/1", 1...3)
            #expect(try store.insertReplicated(fromB) == 3)
            #expect(try store.insertReplicated(fromB) == 0)
            #expect(try store.insertReplicated(replicated(origin: "node-b/1", 2...5)) == 2)
            #expect(try store.result(gameID: "g2") == fromB[1])
            #expect(try store.highestSequence(origin: "node-b/1") == 5)
            // Replicated results never touch this store's own numbering.
            #expect(try store.highestSequence(origin: store.origin) == 0)
            #expect(try store.commit(sampleResult("own")).originSeq == 1)
        }
    }

    @Test func watermarkStopsAtAHoleUntilItIsFilled() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            let fromB = replicated(origin: "node-b/1", 1...6)
            #expect(try store.insertReplicated([fromB[0], fromB[1], fromB[4], fromB[5]]) == 4)
            #expect(try store.highestSequence(origin: "node-b/1") == 2)
            #expect(try store.insertReplicated([fromB[3]]) == 1)
            #expect(try store.highestSequence(origin: "node-b/1") == 2)
            #expect(try store.insertReplicated([fromB[2]]) == 1)
            #expect(try store.highestSequence(origin: "node-b/1") == 6)
            #expect(try store.sequenceWatermarks() == ["node-b/1": 6])
        }
    }

    @Test func secondResultForAGameIsSetAsideButItsSequenceCounts() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            let own = try store.commit(sampleResult("g2", winner: 0))
            // node-b numbers a result for the same game (a retry after a handoff, say).
            #expect(try store.insertReplicated(replicated(origin: "node-b/1", 1...3)) == 2)
            #expect(try store.result(gameID: "g2") == own)
            #expect(try store.highestSequence(origin: "node-b/1") == 3)
            // It is still served to peers, so their sequence of node-b has no hole either.
            #expect(try store.results(origin: "node-b/1", after: 0, limit: 10).map(\.originSeq) == [1, 2, 3])
        }
    }

    @Test func replicatedResultBreakingTheRulesIsSetAside() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            var broken = sampleResult("bad")
            broken.winners = [7]
            let results = [
                GameResult(sampleResult("g1"), originNode: "node-b/1", originSeq: 1),
                GameResult(broken, originNode: "node-b/1", originSeq: 2),
            ]
            #expect(try store.insertReplicated(results) == 1)
            #expect(try store.result(gameID: "bad") == nil)
            #expect(try store.highestSequence(origin: "node-b/1") == 2)
        }
    }

    @Test func replicatedResultWithoutSequenceIsRefusedWhole() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            let results = [
                GameResult(sampleResult("g1"), originNode: "node-b/1", originSeq: 1),
                GameResult(sampleResult("g2"), originNode: "node-b/1", originSeq: 0),
            ]
            #expect(throws: ResultStoreError.self) { try store.insertReplicated(results) }
            #expect(try store.highestSequence(origin: "node-b/1") == 0)
        }
    }

    @Test func resultsAfterASequencePageThroughAnOrigin() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            for index in 1...25 { _ = try store.commit(sampleResult("g\(index)")) }
            _ = try store.insertReplicated(replicated(origin: "node-b/1", 1...5, gamePrefix: "b"))
            var pages: [[Int64]] = []
            var after: Int64 = 0
            while true {
                let page = try store.results(origin: store.origin, after: after, limit: 10)
                guard let last = page.last else { break }
                #expect(page.allSatisfy { $0.originNode == store.origin })
                pages.append(page.map(\.originSeq))
                after = last.originSeq
            }
            #expect(pages == [Array(1...10), Array(11...20), Array(21...25)])
        }
    }

    /// Two nodes pull each other's results the way anti-entropy will, and end
    /// up holding the same set.
    @Test func twoStoresConvergeByPullingAfterTheirWatermarks() throws {
        try withTemporaryDirectory { directory in
            let a = try ResultStore(path: directory + "/a.sqlite", nodeName: "node-a")
            let b = try ResultStore(path: directory + "/b.sqlite", nodeName: "node-b")
            for index in 1...12 { _ = try a.commit(sampleResult("a\(index)")) }
            for index in 1...7 { _ = try b.commit(sampleResult("b\(index)")) }
            for (puller, peer) in [(a, b), (b, a)] {
                for (origin, _) in try peer.sequenceWatermarks() {
                    while true {
                        let after = try puller.highestSequence(origin: origin)
                        let page = try peer.results(origin: origin, after: after, limit: 5)
                        if page.isEmpty { break }
                        _ = try puller.insertReplicated(page)
                    }
                }
            }
            #expect(try a.sequenceWatermarks() == b.sequenceWatermarks())
            let everything = (Int64(0), Int64.max)
            #expect(try a.results(endedBetween: everything.0, and: everything.1).count == 19)
            #expect(try b.results(endedBetween: everything.0, and: everything.1).count == 19)
        }
    }
}
