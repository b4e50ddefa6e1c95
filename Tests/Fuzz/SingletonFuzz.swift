// libFuzzer entry for the singleton codecs and the node behind them. Build and run with
// Tests/Fuzz/run.sh SingletonFuzz.
//
// The first byte chooses what the rest is: even, one singleton message; odd, a stored slot ledger.
// Invariants:
// - nothing traps, whatever the bytes;
// - whatever decodes re-encodes to exactly the input (the encodings are canonical) and decodes again
//   to an equal value;
// - a refusal points inside the input;
// - a decoded message delivered to a node (idle, asking for the lease, and leading), as is and with
//   its token and round replaced by the ones the node is waiting for, never traps, and everything the
//   node then sends encodes and decodes back to itself; a decoded ledger restores a node that ticks
//   through a day without trapping.
import Singleton

/// Traps with `message` when `condition` is false; unlike `precondition`, says why in -O builds too.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func checkOffset(_ error: SingletonDecodingError, _ count: Int) {
    switch error {
    case .truncated(_, let offset), .unknownReason(_, let offset), .invalidFlags(_, let offset),
        .nonCanonicalInteger(_, let offset), .integerOverflow(_, let offset), .invalidName(_, let offset),
        .slotOutOfRange(let offset), .zeroToken(let offset), .digestTooLong(_, let offset),
        .tooManyEntries(_, _, let offset), .unorderedEntries(let offset), .trailingBytes(_, let offset):
        check(offset >= 0 && offset <= count, "error offset \(offset) outside the input of \(count) bytes")
    case .tooLarge(let byteCount, _):
        check(byteCount == count, "wrong size report")
    case .unknownKind, .unknownVersion:
        check(count > 0, "a kind or version read from an empty input")
    }
    check(!error.description.isEmpty, "error without a description")
}

func checkSent(_ actions: [SingletonAction]) {
    for case .send(let message, _) in actions {
        check(SingletonMessage.decode(message.encode()) == .success(message), "node sent an unencodable \(message.kindName)")
    }
}

let job = "nightly"
let start = SingletonTime(monotonic: SingletonInstant(nanoseconds: 5_000_000_000), unixSeconds: 1_708_912_800)  // 02:00 UTC

func later(_ seconds: Int64) -> SingletonTime {
    SingletonTime(monotonic: start.monotonic + .seconds(seconds), unixSeconds: start.unixSeconds + seconds)
}

/// The message with its token (and round) replaced by the ones `request` carries.
func retargeted(_ message: SingletonMessage, to request: LeaseRequest) -> SingletonMessage {
    switch message {
    case .leaseGrant(var grant):
        (grant.job, grant.token, grant.round) = (request.job, request.token, request.round)
        return .leaseGrant(grant)
    case .leaseRefusal(var refusal):
        (refusal.job, refusal.token, refusal.round) = (request.job, request.token, request.round)
        return .leaseRefusal(refusal)
    case .commitAck(_, let slot, _):
        return .commitAck(job: request.job, slot: slot, token: request.token)
    case .commitRefusal(var refusal):
        (refusal.job, refusal.token) = (request.job, request.token)
        return .commitRefusal(refusal)
    default:
        return message
    }
}

func fuzzNode(_ message: SingletonMessage, senderByte: UInt8) {
    let sender = ["n0", "n2", "n1"][Int(senderByte) % 3]
    var node = SingletonNode(myself: "n1", expectedNodes: 3, jobs: [SingletonJob(name: job)], startedAt: start, randomSeed: 1)
    checkSent(node.membersChanged(["n0", "n2"], now: start))
    checkSent(node.received(message, from: sender, now: later(1)))
    // After the quiet period and past the 03:00 slot, the node asks for the lease.
    let asking = node.tick(now: later(3_605))
    checkSent(asking)
    var request: LeaseRequest?
    for case .send(.leaseRequest(let sent), _) in asking { request = sent }
    checkSent(node.received(message, from: sender, now: later(3_606)))
    guard let request else { return }
    checkSent(node.received(retargeted(message, to: request), from: sender, now: later(3_606)))
    // Win the lease with the other grantor, then hear the message again as leader.
    let grant = LeaseGrant(job: job, token: request.token, round: request.round, report: .init())
    checkSent(node.received(.leaseGrant(grant), from: sender == "n0" ? "n2" : "n0", now: later(3_606)))
    checkSent(node.received(message, from: sender, now: later(3_607)))
    checkSent(node.received(retargeted(message, to: request), from: sender, now: later(3_607)))
    for seconds in stride(from: Int64(3_610), through: 3_700, by: 15) { checkSent(node.tick(now: later(seconds))) }
}

func fuzzLedger(_ ledger: SlotLedger) {
    var node = SingletonNode(myself: "n1", expectedNodes: 1, jobs: [SingletonJob(name: job)], ledger: ledger, startedAt: start, randomSeed: 2)
    checkSent(node.membersChanged([], now: start))
    var now: Int64 = 0
    var runs: [(JobSlot, FencingToken)] = []
    while now < 86_400 {
        now += 1_800
        var actions = node.tick(now: later(now))
        checkSent(actions)
        for case .startRun(let slot, let token) in actions { runs.append((slot, token)) }
        for (slot, token) in runs {
            actions = node.runFinished(slot, token: token, digest: [1], now: later(now))
            checkSent(actions)
        }
        runs = []
    }
    check(SlotLedger.decode(node.ledger.encode()) == .success(node.ledger), "the node's ledger does not round-trip")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    // A copy in its own allocation, so AddressSanitizer sees any read past the end.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size - 1, alignment: 1)
    defer { buffer.deallocate() }
    if size > 1 { buffer.copyMemory(from: UnsafeRawBufferPointer(start: data + 1, count: size - 1)) }
    let bytes = UnsafeRawBufferPointer(buffer)
    if data[0] % 2 == 0 {
        switch SingletonMessage.decode(bytes) {
        case .success(let message):
            let encoded = message.encode()
            check(encoded.elementsEqual(bytes), "\(message.kindName) re-encodes differently")
            check(SingletonMessage.decode(encoded) == .success(message), "\(message.kindName) changed in a round trip")
            fuzzNode(message, senderByte: data[0] >> 1)
        case .failure(let error):
            checkOffset(error, bytes.count)
        }
    } else {
        switch SlotLedger.decode(bytes) {
        case .success(let ledger):
            let encoded = ledger.encode()
            check(encoded.elementsEqual(bytes), "ledger re-encodes differently")
            check(SlotLedger.decode(encoded) == .success(ledger), "ledger changed in a round trip")
            fuzzLedger(ledger)
        case .failure(let error):
            checkOffset(error, bytes.count)
        }
    }
    return 0
}
