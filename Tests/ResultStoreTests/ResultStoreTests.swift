import Foundation
import Testing
@testable import ResultStore

@Suite struct ResultStoreTests {
    @Test func committedResultReadsBackAsStored() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            let new = NewGameResult(
                gameID: "g1", kind: "cycles",
                players: [
                    ResultPlayer(seat: 2, playerID: "p3", nickname: "Cy"),
                    ResultPlayer(seat: 0, playerID: "p1", nickname: "Ada \"the\" /first/"),
                    ResultPlayer(seat: 1, playerID: "p2", nickname: "Bob"),
                ],
                outcome: .win, winners: [2, 0], moves: 1200, startedAtMilliseconds: 1_000, endedAtMilliseconds: 61_000)
            let stored = try store.commit(new)
            #expect(stored.originNode == store.origin)
            #expect(stored.originSeq == 1)
            #expect(stored.players.map(\.seat) == [0, 1, 2])
            #expect(stored.winners == [0, 2])
            #expect(try store.result(gameID: "g1") == stored)
            #expect(try store.result(gameID: "missing") == nil)
        }
    }

    @Test func originIsTheNodeNameAndAPerFileID() throws {
        try withTemporaryDirectory { directory in
            let first = try ResultStore(path: directory + "/a.sqlite", nodeName: "node-a")
            let reopened = try ResultStore(path: directory + "/a.sqlite", nodeName: "node-a")
            let wiped = try ResultStore(path: directory + "/b.sqlite", nodeName: "node-a")
            #expect(first.origin.hasPrefix("node-a/"))
            #expect(reopened.origin == first.origin)
            #expect(wiped.origin != first.origin)
        }
    }

    @Test func sequenceNumbersAreGapFreeAndContinueAfterReopening() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/results.sqlite"
            var store = try ResultStore(path: path, nodeName: "node-a")
            for index in 1...5 { #expect(try store.commit(sampleResult("g\(index)")).originSeq == Int64(index)) }
            store = try ResultStore(path: path, nodeName: "node-a")
            #expect(try store.highestSequence(origin: store.origin) == 5)
            #expect(try store.commit(sampleResult("g6")).originSeq == 6)
            let sequences = try store.results(origin: store.origin, after: 0, limit: 100).map(\.originSeq)
            #expect(sequences == Array(1...6))
        }
    }

    @Test func committingAGameTwiceReturnsTheFirstResult() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            let first = try store.commit(sampleResult("g1", winner: 0))
            let again = try store.commit(sampleResult("g1", winner: 1))
            #expect(again == first)
            #expect(try store.highestSequence(origin: store.origin) == 1)
            #expect(try store.commit(sampleResult("g2")).originSeq == 2)
        }
    }

    @Test(arguments: [
        "empty game id", "no players", "seat twice", "negative seat", "win without winner", "draw with winner",
        "winner not seated", "winner twice", "ends before start", "negative moves", "huge kind",
    ])
    func invalidResultIsRefusedAndNothingIsStored(_ label: String) throws {
        var result = sampleResult("g")
        switch label {
        case "empty game id": result.gameID = ""
        case "no players": result.players = []
        case "seat twice": result.players = [result.players[0], result.players[0]]
        case "negative seat": result.players = [ResultPlayer(seat: -1, playerID: "p", nickname: "n")]
        case "win without winner": result.winners = []
        case "draw with winner": result.outcome = .draw
        case "winner not seated": result.winners = [2]
        case "winner twice": result.winners = [0, 0]
        case "ends before start": result.endedAtMilliseconds = result.startedAtMilliseconds - 1
        case "negative moves": result.moves = -1
        case "huge kind": result.kind = String(repeating: "k", count: 129)
        default: Issue.record("unknown case \(label)")
        }
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            #expect(throws: ResultStoreError.self) { try store.commit(result) }
            #expect(try store.highestSequence(origin: store.origin) == 0)
        }
    }

    @Test func resultsEndedBetweenIsHalfOpenAndOldestFirst() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            _ = try store.commit(sampleResult("late", endedAt: 3_000_000))
            _ = try store.commit(sampleResult("early", endedAt: 1_000_000))
            _ = try store.commit(sampleResult("edge", endedAt: 4_000_000))
            _ = try store.commit(sampleResult("before", endedAt: 999_999))
            let games = try store.results(endedBetween: 1_000_000, and: 4_000_000).map(\.gameID)
            #expect(games == ["early", "late"])
        }
    }

    @Test func storeUsesWALAndFsyncsEveryCommitByDefault() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            // GRDB's pool sets NORMAL when it enables WAL; the store must set FULL after that.
            #expect(try store.writerPragma("synchronous") == "2")
            #expect(try store.writerPragma("journal_mode") == "wal")
            let relaxed = try ResultStore(path: directory + "/dev.sqlite", nodeName: "node-a", durability: .normal)
            #expect(try relaxed.writerPragma("synchronous") == "1")
        }
    }

    @Test(arguments: ["", "a/b", "tab\there", String(repeating: "n", count: 65)])
    func invalidNodeNameIsRefused(_ name: String) throws {
        try withTemporaryDirectory { directory in
            #expect(throws: ResultStoreError.invalidNodeName(name)) {
                try ResultStore(path: directory + "/results.sqlite", nodeName: name)
            }
        }
    }

    @Test func fileFromANewerVersionIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/results.sqlite"
            let store = try ResultStore(path: path, nodeName: "node-a")
            // What a later version's migration leaves behind.
            try store.executeForTesting("INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
            let error = #expect(throws: ResultStoreError.self) { try ResultStore(path: path, nodeName: "node-a") }
            #expect(error?.description.contains("newer version of Roost") == true)
        }
    }

    @Test func unopenableFileNamesThePath() throws {
        let path = "/nonexistent-roost-dir/results.sqlite"
        let error = #expect(throws: ResultStoreError.self) { try ResultStore(path: path, nodeName: "node-a") }
        #expect(error?.description.contains(path) == true)
    }
}

@Suite struct BatchCommitTests {
    @Test func batchIsNumberedInOrderAndIdempotentPerGame() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            let first = try store.commit(sampleResult("g1"))
            let batch = try store.commit(["g2", "g1", "g3", "g2"].map { sampleResult($0) })
            #expect(batch.map(\.originSeq) == [2, 1, 3, 2])
            #expect(batch[1] == first)
            #expect(try store.highestSequence(origin: store.origin) == 3)
            #expect(try store.commit([]) == [])
        }
    }

    @Test func batchWithAnInvalidResultStoresNothing() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            var broken = sampleResult("g2")
            broken.moves = -1
            #expect(throws: ResultStoreError.invalidResult(gameID: "g2", reason: "moves cannot be negative")) {
                try store.commit([sampleResult("g1"), broken])
            }
            #expect(try store.result(gameID: "g1") == nil)
        }
    }

    /// Own results that come back from a peer (a file restored from an old
    /// backup) are held; new commits number around them instead of failing.
    @Test func commitSkipsOwnNumbersAlreadyHeld() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore(path: directory + "/results.sqlite", nodeName: "node-a")
            _ = try store.commit(sampleResult("g1"))
            let fromPeer = [GameResult(sampleResult("g3"), originNode: store.origin, originSeq: 3)]
            #expect(try store.insertReplicated(fromPeer) == 1)
            let batch = try store.commit([sampleResult("g2"), sampleResult("g4")])
            #expect(batch.map(\.originSeq) == [2, 4])
            #expect(try store.highestSequence(origin: store.origin) == 4)
        }
    }
}
