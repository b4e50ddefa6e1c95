import Testing
import Leaderboard

@Suite struct RatedGameTests {
    let twoPlayers = [seat(0, "ann"), seat(1, "bob")]

    @Test func connectFourWinScoresTheWinnerOne() {
        let game = RatedGame(kind: "connect-four", players: twoPlayers, placements: [[1], [0]])
        #expect(game.pairwiseResults() == [PairwiseResult(player: "ann", opponent: "bob", score: 0)])
    }

    @Test func connectFourDrawScoresAHalf() {
        let game = RatedGame(kind: "connect-four", players: twoPlayers, placements: [[0, 1]])
        #expect(game.pairwiseResults() == [PairwiseResult(player: "ann", opponent: "bob", score: 0.5)])
    }

    @Test func cyclesPlacementsMakeEveryPair() {
        // Seat 2 survived; seats 0 and 3 crashed together after seat 1.
        let players = [seat(0, "a"), seat(1, "b"), seat(2, "c"), seat(3, "d")]
        let game = RatedGame(kind: "cycles", players: players, placements: [[2], [0, 3], [1]])
        #expect(
            game.pairwiseResults() == [
                PairwiseResult(player: "a", opponent: "b", score: 1),
                PairwiseResult(player: "a", opponent: "c", score: 0),
                PairwiseResult(player: "a", opponent: "d", score: 0.5),
                PairwiseResult(player: "b", opponent: "c", score: 0),
                PairwiseResult(player: "b", opponent: "d", score: 0),
                PairwiseResult(player: "c", opponent: "d", score: 1),
            ])
    }

    @Test func eightPlayerGameMakesTwentyEightPairs() {
        let players = (0..<8).map { seat($0 * 3, "p\($0)") }
        let game = RatedGame(kind: "cycles", players: players, placements: players.reversed().map { [$0.seat] })
        let pairs = game.pairwiseResults()
        #expect(pairs.count == 28)
        #expect(pairs.allSatisfy { $0.score == 0 })
    }

    @Test func winnersOnlyResultPutsEveryoneElseSecond() {
        let players = [seat(0, "a"), seat(1, "b"), seat(2, "c")]
        #expect(RatedGame(kind: "cycles", players: players, winners: [1]).placements == [[1], [0, 2]])
        #expect(RatedGame(kind: "cycles", players: players, winners: []).placements == [[0, 1, 2]])
        #expect(RatedGame(kind: "cycles", players: players, winners: [2, 0]).placements == [[0, 2], [1]])
    }

    @Test func abortedGameHasNoResultsAndNoProblem() {
        let game = RatedGame.aborted(kind: "connect-four", players: twoPlayers)
        #expect(game.isAborted)
        #expect(game.problem == nil)
        #expect(game.pairwiseResults().isEmpty)
    }

    @Test func malformedGamesSayWhatIsWrong() {
        let cases: [([RatedGame.Player], [[Int]], RatedGame.Problem)] = [
            ([seat(0, "a")], [[0]], .tooFewPlayers(1)),
            ([seat(0, "a"), seat(-1, "b")], [[0], [-1]], .seatOutOfRange(-1)),
            ([seat(0, "a"), seat(5000, "b")], [[0], [5000]], .seatOutOfRange(5000)),
            ([seat(0, "a"), seat(0, "b")], [[0]], .seatTakenTwice(0)),
            ([seat(0, "a"), seat(1, "")], [[0], [1]], .emptyPlayerID(seat: 1)),
            ([seat(0, "a"), seat(1, "a")], [[0], [1]], .playerSeatedTwice("a")),
            ([seat(0, "a"), seat(1, "b")], [[0], [], [1]], .emptyPlacementGroup),
            ([seat(0, "a"), seat(1, "b")], [[0], [1], [7]], .unknownSeatPlaced(7)),
            ([seat(0, "a"), seat(2, "b")], [[0], [1], [2]], .unknownSeatPlaced(1)),
            ([seat(0, "a"), seat(1, "b")], [[0], [1, 0]], .seatPlacedTwice(0)),
            ([seat(0, "a"), seat(1, "b"), seat(2, "c")], [[2], [0]], .seatNotPlaced(1)),
        ]
        for (players, placements, problem) in cases {
            let game = RatedGame(kind: "k", players: players, placements: placements)
            #expect(game.problem == problem)
            #expect(game.pairwiseResults().isEmpty)
        }
    }

    @Test func manyPlayersAreCheckedForRepeats() {
        var players = (0..<20).map { seat($0, "p\($0)") }
        players[19].playerID = "p3"
        let game = RatedGame(kind: "k", players: players, placements: [players.map(\.seat)])
        #expect(game.problem == .playerSeatedTwice("p3"))
    }
}
