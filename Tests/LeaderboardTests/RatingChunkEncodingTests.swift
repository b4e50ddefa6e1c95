import Testing
import Leaderboard

@Suite struct RatingChunkEncodingTests {
    func sampleChunk() -> RatingChunkInput {
        var random = SeededGenerator(seed: 21)
        let previous = randomRatings(playerCount: 30, using: &random)
        let games = randomGames(count: 60, playerCount: 30, using: &random)
        return RatingPeriodPlan(kind: "k", previous: previous, games: games).chunks(count: 2)[1]
    }

    /// Two players, one game: the smallest input, laid out by hand below.
    func tinyChunk() -> RatingChunkInput {
        RatingPeriodPlan(kind: "k", previous: [:], games: [
            RatedGame(kind: "k", players: [seat(0, "a"), seat(1, "b")], placements: [[0], [1]])
        ]).chunks(count: 1)[0]
    }

    @Test func inputAndOutputRoundTrip() throws {
        let chunk = sampleChunk()
        #expect(try RatingChunkInput(encoded: chunk.encoded()) == chunk)
        let output = chunk.rated()
        #expect(try RatingChunkOutput(encoded: output.encoded()) == output)
    }

    @Test func inputLayoutIsAsDocumented() {
        let bytes = tinyChunk().encoded()
        // format, version, kind "k", count 1, index 0
        #expect(Array(bytes[0..<6]) == [1, 1, 1, 0x6b, 1, 0])
        // digest (8), τ ε max RD (24), 2 opponents (1 + 32), 2 players (1 + 2 × (24 + 3 + 1))
        let playersAt = 6 + 8 + 24 + 33
        #expect(bytes.count == playersAt + 1 + 56)
        // a: games 0, period games 1, one result: opponent 0 (b, the first met) and a win (2 halves)
        let win: UInt8 = 0 << 2 | 2
        #expect(Array(bytes[(playersAt + 25)..<(playersAt + 29)]) == [0, 1, 1, win])
    }

    @Test func everyTruncationIsRefused() {
        for bytes in [sampleChunk().encoded(), sampleChunk().rated().encoded()] {
            for length in 0..<bytes.count {
                let prefix = Array(bytes[..<length])
                #expect(throws: LeaderboardDecodingError.self) { try RatingChunkInput(encoded: prefix) }
                #expect(throws: LeaderboardDecodingError.self) { try RatingChunkOutput(encoded: prefix) }
            }
        }
    }

    @Test func anyAcceptedMutationReencodesToTheSameBytes() {
        let original = tinyChunk().encoded()
        for position in original.indices {
            for value in [0, 1, 2, 0x7f, 0x80, 0xff] as [UInt8] {
                var bytes = original
                bytes[position] = value
                if let decoded = try? RatingChunkInput(encoded: bytes) {
                    #expect(decoded.encoded() == bytes)
                    let rated = decoded.rated().ratings
                    #expect(rated.allSatisfy { $0.value.isFinite && $0.deviation.isFinite && $0.volatility.isFinite })
                }
            }
        }
    }

    func failure(_ bytes: [UInt8]) -> LeaderboardDecodingError? {
        do {
            _ = try RatingChunkInput(encoded: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func decoderNamesTheFieldAndOffset() {
        let good = tinyChunk().encoded()
        let opponentsAt = 6 + 8 + 24
        let playersAt = opponentsAt + 33
        var bytes = good
        bytes[0] = 2
        #expect(failure(bytes) == LeaderboardDecodingError(field: "format", offset: 0, problem: "is 2, not 1 (chunkInput)"))
        bytes = good
        bytes[1] = 9
        #expect(failure(bytes)?.field == "version")
        #expect(failure(good + [0])?.field == "end")
        #expect(failure(good + [0])?.offset == good.count)
        bytes = good
        bytes[5] = 1  // index 1 of 1 chunk
        #expect(failure(bytes) == LeaderboardDecodingError(field: "index", offset: 5, problem: "is 1, outside 0...0"))
        bytes = good
        bytes.replaceSubrange(14..<22, with: Double.nan.bitPattern.bigEndianBytes)
        #expect(failure(bytes)?.field == "tau")
        bytes = good
        bytes.replaceSubrange(opponentsAt + 1..<opponentsAt + 9, with: Double.infinity.bitPattern.bigEndianBytes)
        #expect(failure(bytes) == LeaderboardDecodingError(field: "opponents[0].value", offset: opponentsAt + 1, problem: "is inf, outside -8500.0...11500.0"))
        bytes = good
        // players.count, then player 0: rating, RD, σ, games, period games, result count, result
        bytes[playersAt + 28] = 2 << 2 | 2  // player 0's result names opponent 2 of 2
        #expect(failure(bytes)?.field == "players[0].results[0]")
        #expect(failure(bytes)?.offset == playersAt + 28)
        bytes = good
        bytes[playersAt + 28] = 0 << 2 | 3  // a score of 3 halves
        #expect(failure(bytes)?.field == "players[0].results[0]")
        bytes = good
        bytes[playersAt + 26] = 0  // played no game
        #expect(failure(bytes)?.field == "players[0].periodGames")
        bytes = good
        bytes[playersAt] = 0x7f  // more players than the bytes left can hold
        #expect(failure(bytes)?.problem.contains("more than") == true)
    }

    @Test func varintsMustBeShortestAndFitIn64Bits() {
        let good = tinyChunk().encoded()
        // count 1 written as 0x81 0x00
        let overlong = Array(good[0..<4]) + [0x81, 0x00] + Array(good[5...])
        #expect(failure(overlong) == LeaderboardDecodingError(field: "count", offset: 4, problem: "is not in its shortest form"))
        let huge = Array(good[0..<4]) + [UInt8](repeating: 0xff, count: 9) + [0x02] + Array(good[5...])
        #expect(failure(huge) == LeaderboardDecodingError(field: "count", offset: 4, problem: "does not fit in 64 bits"))
    }

    @Test func textMustBeUTF8() {
        var bytes = tinyChunk().encoded()
        bytes[3] = 0xc3  // a lone lead byte as the kind
        #expect(failure(bytes) == LeaderboardDecodingError(field: "kind", offset: 2, problem: "is not valid UTF-8"))
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * UInt64($0))) } }
}
