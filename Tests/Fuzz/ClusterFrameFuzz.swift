// libFuzzer target for the cluster wire: ClusterFrameDecoder, and the
// handshake state machine fed whatever frames the decoder finds.
//
// Built standalone with the ClusterWire sources as their own module (see
// Tests/Fuzz/build.sh); run with Tests/Fuzz/run.sh ClusterFrameFuzz.
//
// Each input is decoded four times, each piece in its own allocation freed
// before the next arrives (so AddressSanitizer catches a pointer kept across
// reads): whole, split in two at a point derived from the input, one byte at
// a time, and in pieces of data-dependent sizes. All four must give the same
// events, every frame must respect the limit, and the decoder's storage must
// stay within one frame. Then every frame of the whole read is fed to an
// acceptor and to an initiator handshake until they finish: they must never
// trap, and every failure's close frame must itself decode as a close frame.

import ClusterWire

/// Traps with `message` when `condition` is false (fatalError keeps the
/// message in -O builds).
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

let fuzzMaxPayloadBytes = 1024

/// A decoder event with its payload copied out.
enum FuzzEvent: Equatable {
    case frame(UInt8, UInt8, [UInt8])
    case failed(ClusterFrameError)

    var summary: String {
        switch self {
        case .frame(let type, let channel, let payload): "frame(\(type), \(channel), \(payload.count) bytes)"
        case .failed(let error): "failed(\(error))"
        }
    }
}

/// Decodes `input` in pieces of the given sizes (the last piece takes the rest).
func fuzzDecode(_ input: UnsafeBufferPointer<UInt8>, pieceSizes: (Int) -> Int) -> [FuzzEvent] {
    var decoder = ClusterFrameDecoder(maxPayloadBytes: fuzzMaxPayloadBytes)
    var events: [FuzzEvent] = []
    var start = 0
    var pieceIndex = 0
    repeat {
        let count = min(max(pieceSizes(pieceIndex), 0), input.count - start)
        pieceIndex += 1
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        if count > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(start: input.baseAddress! + start, count: count)) }
        start += count
        var cursor = 0
        var budget = count + 2
        reading: while true {
            budget -= 1
            check(budget >= 0, "decoder made no progress")
            let before = cursor
            let event = decoder.next(UnsafeRawBufferPointer(buffer), cursor: &cursor)
            check(cursor >= before && cursor <= count, "cursor moved to \(cursor) of \(count)")
            check(decoder.storageCapacity <= max(256, ClusterFrameHeader.byteCount + fuzzMaxPayloadBytes), "storage grew to \(decoder.storageCapacity)")
            switch event {
            case .frame(let header, let payload):
                check(payload.count == header.payloadByteCount, "payload length disagrees with the header")
                check(payload.count <= fuzzMaxPayloadBytes, "frame over the limit")
                check(header.version == ClusterWireVersion.current && header.flags == 0, "invalid header accepted")
                events.append(.frame(header.type.rawValue, header.channel.rawValue, Array(payload)))
            case .needMoreBytes:
                check(cursor == count, "needMoreBytes with bytes left")
                break reading
            case .failed(let error):
                events.append(.failed(error))
                return events
            }
        }
    } while start < input.count
    if let error = decoder.finish() { events.append(.failed(error)) }
    return events
}

func checkSame(_ other: [FuzzEvent], _ whole: [FuzzEvent], _ how: @autoclosure () -> String) {
    check(other == whole, "\(how()) read differently: \(other.map(\.summary)) vs whole \(whole.map(\.summary))")
}

// MARK: Handshake

/// A cheap deterministic stand-in for HMAC-SHA256 (32 bytes, FNV-1a mixing):
/// the fuzzer explores the state machine's logic, not the hash.
let fuzzCrypto = ClusterHandshakeCrypto(
    hmacSHA256: { key, message in
        var out: [UInt8] = []
        for lane in UInt64(0)..<4 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ lane
            for byte in key + message { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: hash >> UInt64(shift))) }
        }
        return out
    },
    randomBytes: { count in (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) } })

let fuzzKeyring = try! ClusterKeyring(secret: [UInt8](repeating: 0x42, count: 32))

/// Feeds `events`' frames to a handshake machine until it finishes.
func fuzzHandshake(_ events: [FuzzEvent], role: ClusterHandshakeStateMachine.Role) {
    var machine = ClusterHandshakeStateMachine(
        role: role,
        identity: ClusterLocalIdentity(clusterName: "roost", nodeName: "fuzz", address: "127.0.0.1:1", instanceID: 1),
        keyring: fuzzKeyring, crypto: fuzzCrypto, ledger: ClusterNonceLedger(capacity: 8))
    _ = machine.start()
    for event in events {
        let action: ClusterHandshakeAction
        switch event {
        case .frame(let type, let channel, let payload):
            let header = ClusterFrameHeader(type: ClusterFrameType(rawValue: type), channel: ClusterChannel(rawValue: channel), payloadByteCount: payload.count)
            action = payload.withUnsafeBytes { machine.received(header, payload: $0) }
        case .failed(let error):
            action = machine.receivedInvalidStream(error)
        }
        switch action {
        case .fail(_, let send):
            if !send.isEmpty {
                check(send.count == 9 && send[5] == ClusterFrameType.close.rawValue, "failure sent \(send.count) bytes, not a close frame")
            }
            return
        case .decide:
            _ = machine.refuse(.duplicateConnection)
            return
        case .established:
            return
        case .send(let bytes):
            check(bytes.count >= ClusterFrameHeader.byteCount, "sent a partial frame")
        case .wait:
            break
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let seed = size >= 2 ? Int(input[size - 1]) << 8 | Int(input[size - 2]) : size
    let split = size == 0 ? 0 : seed % (size + 1)
    let whole = fuzzDecode(input) { _ in size }
    checkSame(fuzzDecode(input) { $0 == 0 ? split : size }, whole, "split at \(split)")
    if size <= 4096 { checkSame(fuzzDecode(input) { _ in 1 }, whole, "one byte at a time") }
    checkSame(fuzzDecode(input) { index in size == 0 ? 0 : 1 + Int(input[(index &* 31 &+ seed) % size]) % 23 }, whole, "varied pieces")
    fuzzHandshake(whole, role: .acceptor)
    fuzzHandshake(whole, role: .initiator(expectedPeer: nil))
    return 0
}
