// Release-mode throughput of the protocol codec, with Foundation's JSONSerialization as the peer.
// Build and run with Protocol/Benchmarks/run.sh (the module is compiled on its own, as SwiftPM does,
// so nothing is inlined across the module boundary that a real build would not inline).

import Foundation
import Protocol

/// Runs `body` `iterations` times, best of `rounds`; prints messages/s and ns per message.
func measure(_ name: String, iterations: Int, rounds: Int = 5, _ body: () -> Int) {
    var best = Duration.seconds(1_000)
    var checksum = 0
    for _ in 0..<rounds {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations { checksum &+= body() }
        best = min(best, clock.now - start)
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
    let perSecond = Double(iterations) / seconds
    let nanoseconds = seconds / Double(iterations) * 1e9
    let rate = String(Int(perSecond / 1000)).leftPadded(7)
    print("\(name.padded(58)) \(rate) k msg/s  \(String(format: "%7.0f", nanoseconds)) ns/msg   (checksum \(checksum & 0xFF))")
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000_000

// MARK: Decoding a client's move

let moveText = #"{"t":"game.move","cid":42,"game":"g-n1-7fa3","move":3}"#
let moveBytes = Array(moveText.utf8)
let cyclesMoveBytes = Array(#"{"t":"game.move","game":"g-n2-00c1","move":{"turn":"left"}}"#.utf8)
let chatBytes = Array(#"{"t":"chat","cid":7,"room":"lobby","text":"good game everyone, see you in the next round!"}"#.utf8)

print("Protocol codec, \(iterations) messages per round, best of 5, one core")
print("")
moveBytes.withUnsafeBytes { raw in
    measure("decode game.move (Connect Four, \(moveBytes.count) B): ClientMessage", iterations: iterations) {
        guard case .success(let decoded) = ClientMessage.decode(raw), case .gameMove(_, let move) = decoded.message else { return 0 }
        return Int(move.intValue ?? 0)
    }
    measure("  parse only: JSONParser", iterations: iterations) {
        guard case .success(let value) = JSONParser.parse(raw) else { return 0 }
        return value.objectValue?.count ?? 0
    }
}
cyclesMoveBytes.withUnsafeBytes { raw in
    measure("decode game.move (Cycles turn, \(cyclesMoveBytes.count) B): ClientMessage", iterations: iterations) {
        guard case .success(let decoded) = ClientMessage.decode(raw) else { return 0 }
        return decoded.cid ?? 1
    }
}
chatBytes.withUnsafeBytes { raw in
    measure("decode chat (\(chatBytes.count) B): ClientMessage", iterations: iterations) {
        guard case .success(let decoded) = ClientMessage.decode(raw) else { return 0 }
        return decoded.cid ?? 1
    }
}
let moveData = Data(moveBytes)
measure("peer: Foundation JSONSerialization, same game.move", iterations: iterations / 4) {
    guard let object = try? JSONSerialization.jsonObject(with: moveData) as? [String: Any],
        let move = object["move"] as? Int
    else { return 0 }
    return move
}
struct FoundationMove: Decodable { let t: String; let cid: Int?; let game: String; let move: Int }
let decoder = JSONDecoder()
measure("peer: Foundation JSONDecoder (Codable struct), same game.move", iterations: iterations / 4) {
    (try? decoder.decode(FoundationMove.self, from: moveData))?.move ?? 0
}

// MARK: Encoding game updates

print("")
let placed: JSONValue = ["k": "placed", "seat": 0, "column": 3, "row": 0]
let update = ServerMessage.gameUpdate(game: "g-n1-7fa3", update: placed)
var seq = 0
measure("encode game.update (Connect Four placed): encode(seq:) -> [UInt8]", iterations: iterations) {
    seq += 1
    return update.encode(seq: seq).count
}
var writer = JSONWriter(capacity: 4096)
measure("  into a reused JSONWriter (a loop's staging buffer)", iterations: iterations) {
    seq += 1
    writer.removeAll()
    update.encode(seq: seq, into: &writer)
    return writer.count
}
let prepared = PreparedServerMessage(update)
measure("  prepared once, then per session into the reused JSONWriter", iterations: iterations) {
    seq += 1
    writer.removeAll()
    prepared.encode(seq: seq, into: &writer)
    return writer.count
}
// A Cycles tick for 8 riders: positions and headings.
var riders: [JSONValue] = []
for index in 0..<8 {
    riders.append(["seat": .int(Int64(index)), "x": .int(Int64(10 + index * 7)), "y": .int(Int64(40 - index)), "dir": "up"])
}
let tick: JSONValue = ["k": "tick", "n": 1234, "riders": .array(riders)]
let tickMessage = ServerMessage.gameUpdate(game: "g-n2-00c1", update: tick)
let tickSize = tickMessage.encode(seq: 1).count
measure("encode game.update (Cycles tick, 8 riders, \(tickSize) B): -> [UInt8]", iterations: iterations / 4) {
    seq += 1
    return tickMessage.encode(seq: seq).count
}
measure("  into a reused JSONWriter (a loop's staging buffer)", iterations: iterations / 4) {
    seq += 1
    writer.removeAll()
    tickMessage.encode(seq: seq, into: &writer)
    return writer.count
}
let preparedTick = PreparedServerMessage(gameUpdate: "g-n2-00c1", update: JSONFragment(tick))
measure("  prepared once (JSONFragment), then per session into the JSONWriter", iterations: iterations) {
    seq += 1
    writer.removeAll()
    preparedTick.encode(seq: seq, into: &writer)
    return writer.count
}
let updateObject: [String: Any] = ["t": "game.update", "seq": 10, "game": "g-n1-7fa3",
                                   "u": ["k": "placed", "seat": 0, "column": 3, "row": 0]]
measure("peer: Foundation JSONSerialization.data, same Connect Four update", iterations: iterations / 4) {
    (try? JSONSerialization.data(withJSONObject: updateObject))?.count ?? 0
}
