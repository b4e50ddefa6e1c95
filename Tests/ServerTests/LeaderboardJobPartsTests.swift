import Leaderboard
import ResultStore
import Testing

@testable import Server

/// The pure parts of the nightly job: results as rated games, the run's digest, its messages,
/// and chunked rating agreeing with rating in one piece.
@Suite struct LeaderboardJobPartsTests {
    static func result(
        _ id: String, kind: String = "connect4", players: [String], outcome: Outcome, winners: [Int], endedAt: Int64 = 1000
    ) -> GameResult {
        let seats = players.enumerated().map { ResultPlayer(seat: $0.offset, playerID: "p-\($0.element)", nickname: $0.element) }
        return GameResult(
            NewGameResult(
                gameID: id, kind: kind, players: seats, outcome: outcome, winners: winners, moves: 7,
                startedAtMilliseconds: endedAt - 100, endedAtMilliseconds: endedAt),
            originNode: "n1/abc", originSeq: 1)
    }

    @Test func aWinPutsTheWinnerFirstAndTheRestSecond() {
        let game = Self.result("g1", kind: "cycles", players: ["Ada", "Bob", "Cy"], outcome: .win, winners: [1]).ratedGame
        #expect(game.kind == "cycles")
        #expect(game.placements == [[1], [0, 2]])
        #expect(game.players.map(\.playerID) == ["p-Ada", "p-Bob", "p-Cy"])
        #expect(game.players.map(\.nickname) == ["Ada", "Bob", "Cy"])
    }

    @Test func aDrawTiesEveryoneAndAnAbortedGameRatesNothing() {
        #expect(Self.result("g1", players: ["Ada", "Bob"], outcome: .draw, winners: []).ratedGame.placements == [[0, 1]])
        let aborted = Self.result("g2", players: ["Ada", "Bob"], outcome: .aborted, winners: []).ratedGame
        #expect(aborted.isAborted)
        #expect(aborted.players.count == 2)
    }

    @Test func theDigestIsSHA256OfTheSnapshotsInKindOrder() {
        let snapshots = [
            StoredPublication.Snapshot(kind: "b", bytes: Array("c".utf8)),
            StoredPublication.Snapshot(kind: "a", bytes: Array("ab".utf8)),
        ]
        let digest = StoredPublication.digest(of: snapshots)
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        #expect(digest.map { String(format: "%02x", $0) }.joined()
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(StoredPublication.digest(of: snapshots.reversed()) == digest)
    }

    static func publication() -> StoredPublication {
        let snapshots = [
            StoredPublication.Snapshot(kind: "connect4", bytes: Array(repeating: 7, count: 3000)),
            StoredPublication.Snapshot(kind: "cycles", bytes: [1, 2, 3]),
        ]
        return StoredPublication(
            job: "leaderboard", slot: 1_700_000_000, token: 12, digest: StoredPublication.digest(of: snapshots),
            snapshots: snapshots)
    }

    @Test func aPublicationSurvivesTheWire() throws {
        let publication = Self.publication()
        #expect(try StoredPublication(wireBytes: publication.wireBytes()) == publication)
        let key = PublicationKey(job: "leaderboard", slot: -5, token: .max)
        #expect(try PublicationKey(wireBytes: key.wireBytes()) == key)
        let marks = ResultWatermarks(["n1/a": 5, "n2/b": 0])
        #expect(try ResultWatermarks(wireBytes: marks.wireBytes()) == marks)
    }

    @Test func aPublicationWhoseDigestDoesNotNameItsSnapshotsIsRefused() {
        var tampered = Self.publication().wireBytes()
        tampered[tampered.count - 1] ^= 1
        #expect(throws: WireError.self) { try StoredPublication(wireBytes: tampered) }
        let bytes = Self.publication().wireBytes()
        for length in stride(from: 0, to: bytes.count, by: 97) {
            #expect(throws: WireError.self) { try StoredPublication(wireBytes: Array(bytes[..<length])) }
        }
        #expect(throws: WireError.self) { try StoredPublication(wireBytes: bytes + [0]) }
    }

    @Test func watermarksCoverOnlyWhatTheyHold() {
        let ours = ResultWatermarks(["a": 5, "b": 2])
        #expect(ours.covers(ResultWatermarks(["a": 5])))
        #expect(ours.covers(ResultWatermarks([:])))
        #expect(!ours.covers(ResultWatermarks(["a": 6])))
        #expect(!ours.covers(ResultWatermarks(["c": 1])))
    }

    /// Many games among many players; chunked over several "nodes" the snapshots equal the plan's
    /// own `rated()` bit for bit.
    @Test func chunkedRatingEqualsRatingInOnePiece() throws {
        var generator = SystemRandomNumberGenerator()
        let players = (0..<200).map { "P\($0)" }
        let results = (0..<2000).map { index -> GameResult in
            let a = players.randomElement(using: &generator)!
            var b = players.randomElement(using: &generator)!
            while b == a { b = players.randomElement(using: &generator)! }
            let kind = index % 3 == 0 ? "cycles" : "connect4"
            let outcome: Outcome = [.win, .win, .draw, .aborted].randomElement(using: &generator)!
            return Self.result("g\(index)", kind: kind, players: [a, b], outcome: outcome, winners: outcome == .win ? [index % 2] : [])
        }
        let games = LeaderboardComputation.games(results)
        let computation = LeaderboardComputation(slot: 86_400, games: games, previous: [:], chunksPerKind: 7, maxChunkBytes: 1 << 20)
        #expect(computation.plans.map(\.kind) == ["connect4", "cycles"])
        #expect(computation.chunkCounts == [7, 7])
        let outputs = try computation.chunkPayloads.map { try RatingChunkInput(encoded: $0).rated().encoded() }
        let snapshots = try computation.snapshots(outputs: outputs)
        for (snapshot, plan) in zip(snapshots, computation.plans) {
            let expected = RatingPeriodPlan(kind: plan.kind, previous: [:], games: games).rated()
            #expect(snapshot == LeaderboardSnapshot(period: RatingPeriod(slotStart: 86_400), result: expected, previous: nil))
        }
        // The next period: a kind nobody played still gets a snapshot (RD widens).
        let previous = Dictionary(uniqueKeysWithValues: snapshots.map { ($0.kind, $0) })
        let next = LeaderboardComputation(
            slot: 172_800, games: games.filter { $0.kind == "connect4" }, previous: previous, chunksPerKind: 2,
            maxChunkBytes: 1 << 20)
        #expect(next.plans.map(\.kind) == ["connect4", "cycles"])
        #expect(next.chunkCounts[1] == 0)
    }

    @Test func chunksAreCutSmallerUntilTheyFitAFrame() throws {
        let results = (0..<400).map { Self.result("g\($0)", players: ["A\($0 % 50)", "B\($0 % 40)"], outcome: .win, winners: [0]) }
        let computation = LeaderboardComputation(
            slot: 1, games: LeaderboardComputation.games(results), previous: [:], chunksPerKind: 1, maxChunkBytes: 2000)
        #expect(computation.chunkPayloads.count > 1)
        #expect(computation.chunkPayloads.allSatisfy { $0.count <= 2000 })
    }
}
