// libFuzzer entry for the membership codec and the SWIM instance behind it. Build and run with
// Tests/Fuzz/run.sh MembershipFuzz.
//
// Each input is decoded as one membership message. Invariants:
// - nothing traps, whatever the bytes;
// - a message that decodes re-encodes to exactly the input (the encoding is canonical) and decodes again
//   to an equal message;
// - a refusal points inside the input and says what was wrong;
// - a decoded message delivered to an instance that knows a few members, followed by ticks, never traps,
//   and every message the instance then sends encodes and decodes back to itself.
import Membership

/// Traps with `message` when `condition` is false; unlike `precondition`, says why in -O builds too.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

func fuzzCodec(_ bytes: UnsafeRawBufferPointer) -> MembershipMessage? {
    switch MembershipMessage.decode(bytes) {
    case .success(let message):
        let encoded = message.encode()
        check(encoded.elementsEqual(bytes), "\(message.kindName) re-encodes differently")
        check(MembershipMessage.decode(encoded) == .success(message), "\(message.kindName) changed in a round trip")
        return message
    case .failure(let error):
        check(!error.description.isEmpty, "error without a description")
        switch error {
        case .truncated(_, let offset), .unknownStatus(_, let offset), .nonCanonicalInteger(_, let offset),
            .integerOverflow(_, let offset), .invalidNodeName(let offset), .invalidAddress(let offset),
            .tooManyEntries(_, _, let offset), .trailingBytes(_, let offset):
            check(offset >= 0 && offset <= bytes.count, "error offset \(offset) outside the input")
        case .tooLarge(let count, let limit):
            check(count == bytes.count && count > limit, "wrong size report")
        case .unknownKind:
            check(bytes.count > 0, "unknown kind of an empty input")
        }
        return nil
    }
}

func checkSent(_ directives: [MembershipDirective]) {
    for directive in directives {
        let message: MembershipMessage
        switch directive {
        case .send(let sent, _), .sendToSeed(let sent, _): message = sent
        default: continue
        }
        check(MembershipMessage.decode(message.encode()) == .success(message), "instance sent an unencodable \(message.kindName)")
    }
}

func fuzzInstance(_ message: MembershipMessage, senderByte: UInt8) {
    let names = ["a", "b", "c", "d"]
    let node = { (name: String) in NodeID(name: name, address: "10.0.0.1:\(7000 + Int(name.utf8.first!))") }
    var instance = SWIMInstance(myself: node("me"), generation: 5, randomSeed: UInt64(senderByte))
    var now = MembershipInstant(nanoseconds: 1_000_000_000)
    checkSent(instance.join(seeds: ["10.0.0.9:1"], now: now))
    let state = names.map { MemberUpdate(node: node($0), incarnation: Incarnation(generation: 5), status: .alive) }
    checkSent(instance.received(MembershipMessage(.joinAck(state: state)), from: node("a"), now: now))
    let sender = node(names[Int(senderByte) % names.count])
    checkSent(instance.received(message, from: sender, now: now))
    for _ in 0..<12 {
        guard let next = instance.nextTickDeadline else { break }
        now = next
        checkSent(instance.tick(now: now))
    }
    checkSent(instance.linkFailed(to: sender, now: now))
    checkSent(instance.leave(now: now))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // A copy in its own allocation, so AddressSanitizer sees any read past the end.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
    defer { buffer.deallocate() }
    if size > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size)) }
    let bytes = UnsafeRawBufferPointer(buffer)
    if let message = fuzzCodec(bytes) {
        fuzzInstance(message, senderByte: size > 0 ? bytes[size - 1] : 0)
    }
    return 0
}
