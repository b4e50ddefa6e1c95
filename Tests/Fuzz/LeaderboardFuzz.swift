// libFuzzer entry for the Leaderboard encodings: chunk input, chunk output and snapshot. Build and
// run with Tests/Fuzz/run.sh LeaderboardFuzz.
//
// Each input is offered to all three decoders (its first byte picks which one can accept it).
// Invariants:
// - nothing traps, whatever the bytes;
// - a refusal points inside the input and names a field;
// - what decodes re-encodes to exactly the input (the encodings are canonical);
// - a decoded chunk input rates without trapping, every new rating finite with RD within the
//   chunk's maximum, and its output survives its own encoding;
// - a decoded snapshot answers queries consistently: each entry's all-time rank is its position,
//   top N is the first N entries, and the last-period board holds exactly the players who played.
import Leaderboard

/// Traps with `message` when `condition` is false; unlike `precondition`, says why in -O builds too.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func checkRefusal(_ error: LeaderboardDecodingError, _ size: Int) {
    check(error.offset >= 0 && error.offset <= size, "refusal at \(error.offset) of \(size) bytes")
    check(!error.field.isEmpty && !error.problem.isEmpty, "refusal without a field or problem")
}

func fuzzChunkInput(_ bytes: [UInt8]) {
    let input: RatingChunkInput
    do { input = try RatingChunkInput(encoded: bytes) } catch { return checkRefusal(error, bytes.count) }
    check(input.encoded() == bytes, "chunk input re-encodes differently")
    let output = input.rated()
    check(output.ratings.count == input.playerCount, "output has \(output.ratings.count) of \(input.playerCount) ratings")
    for rating in output.ratings {
        check(rating.value.isFinite && rating.volatility.isFinite && rating.volatility > 0, "rated to \(rating)")
        check(rating.deviation > 0 && rating.deviation <= input.system.maxDeviation, "RD \(rating.deviation) out of bounds")
    }
    if output.ratings.allSatisfy(\.isPlausible) {
        check((try? RatingChunkOutput(encoded: output.encoded())) == output, "output changed in a round trip")
    }
}

func fuzzChunkOutput(_ bytes: [UInt8]) {
    do {
        let output = try RatingChunkOutput(encoded: bytes)
        check(output.encoded() == bytes, "chunk output re-encodes differently")
    } catch {
        checkRefusal(error, bytes.count)
    }
}

func fuzzSnapshot(_ bytes: [UInt8]) {
    let snapshot: LeaderboardSnapshot
    do { snapshot = try LeaderboardSnapshot(encoded: bytes) } catch { return checkRefusal(error, bytes.count) }
    check(snapshot.encoded() == bytes, "snapshot re-encodes differently")
    check(snapshot.top(snapshot.entries.count, in: .allTime).map(\.entry) == snapshot.entries, "top is not the entries")
    var played = 0
    for (position, entry) in snapshot.entries.enumerated() {
        check(snapshot.standing(of: entry.playerID, in: .allTime)?.rank == position + 1, "rank of \(position) is off")
        let lastPeriod = snapshot.standing(of: entry.playerID, in: .lastPeriod)
        if entry.periodGames > 0 {
            played += 1
            check(lastPeriod?.rank == played, "last-period rank of \(position) is off")
        } else {
            check(lastPeriod == nil, "a player who did not play is on the last-period board")
        }
        let around = snapshot.around(entry.playerID, radius: 2, in: .allTime)
        check(around.contains { $0.playerID == entry.playerID } && around.count <= 5, "around \(position) is off")
    }
    check(snapshot.count(in: .lastPeriod) == played, "last-period board counts \(snapshot.count(in: .lastPeriod)) of \(played)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzChunkInput(bytes)
    fuzzChunkOutput(bytes)
    fuzzSnapshot(bytes)
    return 0
}
