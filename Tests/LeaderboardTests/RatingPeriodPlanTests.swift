import Testing
import Leaderboard

@Suite struct RatingPeriodPlanTests {
    let system = Glicko2()

    func mixedPeriod(seed: UInt64, games: Int = 400, players: Int = 90) -> (previous: [String: Rating], games: [RatedGame]) {
        var random = SeededGenerator(seed: seed)
        let previous = randomRatings(playerCount: players, using: &random)
        return (previous, randomGames(count: games, playerCount: players, using: &random))
    }

    @Test func chunkedRatingsEqualThePlainComputation() throws {
        for seed in UInt64(1)...5 {
            let (previous, games) = mixedPeriod(seed: seed)
            let plan = RatingPeriodPlan(kind: "k", previous: previous, games: games)
            let reference = referenceRatings(kind: "k", previous: previous, games: games, system: system)
            #expect(plan.rated().ratings == reference)
            for count in [1, 3, 17] {
                let chunks = plan.chunks(count: count)
                #expect(chunks.count == count)
                #expect(try plan.merge(chunks.map { $0.rated() }) == plan.rated())
            }
        }
    }

    @Test func chunksSurviveTheClusterLink() throws {
        let (previous, games) = mixedPeriod(seed: 6)
        let plan = RatingPeriodPlan(kind: "k", previous: previous, games: games)
        let outputs = try plan.chunks(count: 3).reversed().map { chunk in
            let received = try RatingChunkInput(encoded: chunk.encoded())
            #expect(received == chunk)
            return try RatingChunkOutput(encoded: received.rated().encoded())
        }
        #expect(try plan.merge(outputs) == plan.rated())
    }

    @Test func gameOrderDoesNotChangeAnyRating() {
        let (previous, games) = mixedPeriod(seed: 7)
        var random = SeededGenerator(seed: 8)
        let once = RatingPeriodPlan(kind: "k", previous: previous, games: games).rated()
        let shuffled = RatingPeriodPlan(kind: "k", previous: previous, games: games.shuffled(using: &random)).rated()
        #expect(once.ratings == shuffled.ratings)
        #expect(once.periodGames == shuffled.periodGames)
    }

    @Test func moreChunksThanPlayersGivesOneChunkPerPlayer() throws {
        let games = [connectFour("a", "b", 1), connectFour("b", "c", 0.5)]
        let plan = RatingPeriodPlan(kind: "connect-four", previous: [:], games: games)
        let chunks = plan.chunks(count: 17)
        #expect(chunks.map(\.playerCount) == [1, 1, 1])
        #expect(chunks.map(\.index) == [0, 1, 2])
        #expect(try plan.merge(chunks.map { $0.rated() }) == plan.rated())
    }

    @Test func chunksSplitTheWorkEvenly() {
        let (previous, games) = mixedPeriod(seed: 9, games: 3_000, players: 400)
        let plan = RatingPeriodPlan(kind: "k", previous: previous, games: games)
        let work = plan.chunks(count: 4).map { $0.playerCount + $0.resultCount }
        let total = plan.activePlayerCount + plan.resultCount
        #expect(work.reduce(0, +) == total)
        #expect(work.allSatisfy { abs($0 - total / 4) < total / 20 })
    }

    @Test func idlePlayersOnlyWiden() {
        let veteran = Rating(value: 1900, deviation: 60, volatility: 0.06, games: 300)
        let plan = RatingPeriodPlan(kind: "connect-four", previous: ["vet": veteran], games: [connectFour("a", "b", 1)])
        let result = plan.rated()
        #expect(result.ratings["vet"] == system.idle(veteran))
        #expect(result.periodGames["vet"] == nil)
        #expect(result.ratings.count == 3)
    }

    @Test func periodWithoutGamesWidensEveryone() throws {
        let previous = ["a": Rating(value: 1600, deviation: 90, volatility: 0.06, games: 4)]
        let plan = RatingPeriodPlan(kind: "connect-four", previous: previous, games: [])
        #expect(plan.chunks(count: 3).isEmpty)
        #expect(try plan.merge([]).ratings == previous.mapValues(system.idle))
    }

    @Test func newPlayersStartFromTheSystemsNewPlayer() {
        let result = RatingPeriodPlan(kind: "connect-four", previous: [:], games: [connectFour("a", "b", 0.5)]).rated()
        let expected = system.rated(system.newPlayer, results: [Glicko2.Outcome(opponent: system.newPlayer, score: 0.5)])
        #expect(result.ratings["a"]?.value == 1500)
        #expect(result.ratings["a"]?.deviation == expected.deviation)
        #expect(result.ratings["a"]?.games == 1)
    }

    @Test func gamesCountOncePerGameWhateverTheSeats() {
        let players = (0..<6).map { seat($0, "p\($0)") }
        let cycles = RatedGame(kind: "cycles", players: players, placements: players.map { [$0.seat] })
        let previous = ["p0": Rating(value: 1500, deviation: 200, volatility: 0.06, games: 10)]
        let result = RatingPeriodPlan(kind: "cycles", previous: previous, games: [cycles, cycles]).rated()
        #expect(result.periodGames["p0"] == 2)
        #expect(result.ratings["p0"]?.games == 12)
        #expect(result.ratings["p5"]?.games == 2)
    }

    @Test func abortedMalformedAndOtherKindsAreNotRated() {
        let games = [
            connectFour("a", "b", 1),
            RatedGame.aborted(kind: "connect-four", players: [seat(0, "c"), seat(1, "d")]),
            RatedGame(kind: "connect-four", players: [seat(0, "e"), seat(1, "e")], placements: [[0], [1]]),
            RatedGame(kind: "cycles", players: [seat(0, "f"), seat(1, "g")], placements: [[0], [1]]),
        ]
        let plan = RatingPeriodPlan(kind: "connect-four", previous: [:], games: games)
        #expect(plan.ratedGameCount == 1)
        #expect(plan.abortedGameCount == 1)
        #expect(plan.rejectedGames == [RejectedGame(index: 2, problem: .playerSeatedTwice("e"))])
        #expect(plan.rated().ratings.keys.sorted() == ["a", "b"])
    }

    @Test func nicknamesComeFromEachPlayersLastGame() {
        let games = [
            RatedGame(kind: "k", players: [seat(0, "a", nickname: "old"), seat(1, "b")], placements: [[0], [1]]),
            RatedGame(kind: "k", players: [seat(0, "c"), seat(1, "a", nickname: "new")], placements: [[0], [1]]),
        ]
        #expect(RatingPeriodPlan(kind: "k", previous: [:], games: games).rated().nicknames["a"] == "new")
    }

    @Test func mergeRefusesOutputsThatDoNotMakeUpThePlan() {
        let (previous, games) = mixedPeriod(seed: 10)
        let plan = RatingPeriodPlan(kind: "k", previous: previous, games: games)
        let outputs = plan.chunks(count: 3).map { $0.rated() }
        #expect(throws: RatingMergeError.missingChunks([1])) { try plan.merge([outputs[0], outputs[2]]) }
        #expect(throws: RatingMergeError.duplicateChunk(index: 0)) { try plan.merge([outputs[0], outputs[0], outputs[2]]) }
        #expect(throws: RatingMergeError.missingChunks([0])) { try plan.merge([]) }
        let fromFour = plan.chunks(count: 4).map { $0.rated() }
        #expect(throws: RatingMergeError.chunkCountMismatch(expected: 3, got: 4)) { try plan.merge(outputs + [fromFour[0]]) }
        let outOfRange = RatingChunkOutput(kind: "k", index: 7, count: 3, digest: 0, ratings: [])
        #expect(throws: RatingMergeError.chunkIndexOutOfRange(index: 7, count: 3)) { try plan.merge([outputs[0], outOfRange]) }
        for count in [0, -1, plan.activePlayerCount + 1] {
            let impossible = RatingChunkOutput(kind: "k", index: 0, count: count, digest: 0, ratings: [])
            #expect(throws: RatingMergeError.invalidChunkCount(count)) { try plan.merge([impossible]) }
        }
        let otherKind = RatingChunkOutput(kind: "x", index: 1, count: 3, digest: outputs[1].digest, ratings: outputs[1].ratings)
        #expect(throws: RatingMergeError.kindMismatch(expected: "k", got: "x")) { try plan.merge([outputs[0], otherKind]) }
        let short = RatingChunkOutput(kind: "k", index: 1, count: 3, digest: outputs[1].digest, ratings: outputs[1].ratings.dropLast())
        #expect(throws: RatingMergeError.chunkDoesNotMatchPlan(index: 1)) { try plan.merge([outputs[0], short, outputs[2]]) }
        // A chunk of another period's plan, same kind and place: the digest tells.
        let (_, otherGames) = mixedPeriod(seed: 11)
        let stranger = RatingPeriodPlan(kind: "k", previous: previous, games: otherGames).chunks(count: 3)[1].rated()
        #expect(throws: RatingMergeError.chunkDoesNotMatchPlan(index: 1)) { try plan.merge([outputs[0], stranger, outputs[2]]) }
        var bad = outputs[1].ratings
        bad[0].volatility = .nan
        let implausible = RatingChunkOutput(kind: "k", index: 1, count: 3, digest: outputs[1].digest, ratings: bad)
        #expect(throws: RatingMergeError.implausibleRating(chunk: 1)) { try plan.merge([outputs[0], implausible, outputs[2]]) }
    }
}
