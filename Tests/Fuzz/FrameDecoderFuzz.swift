// libFuzzer target for the frame layer: FrameDecoder under MessageReader.
//
// Built standalone with the WebSocket sources in the same module (no SwiftPM
// target; see Tests/Fuzz/build.sh):
//
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name FuzzFrame \
//     -I <dir holding a module map for COpenSSL> -I Sources/COpenSSL/include \
//     Sources/WebSocket/*.swift Tests/Fuzz/FrameDecoderFuzz.swift <COpenSSL.o> -lssl -lcrypto -o frame
//   SWIFT_BACKTRACE=enable=no ./frame -max_total_time=60 <scratch corpus dir> Tests/Fuzz/corpus/frame
//
// (Without SWIFT_BACKTRACE=enable=no the Swift runtime's backtracer catches
// the trap before libFuzzer does, trips AddressSanitizer and can hang.)
//
// For each role (server, then client) each input is read four times, each
// from a fresh copy because the reader unmasks in place: whole, split in two
// at a point derived from the input, one byte at a time (inputs up to 4 KiB),
// and in pieces of data-dependent sizes. Every piece lives in its own
// allocation, freed before the next arrives, so AddressSanitizer catches a
// pointer kept across reads. All four reads must give the same events
// (payloads included), and every event must respect the limits. Any
// difference or broken invariant traps.

import WebSocket

/// Traps with `message` when `condition` is false. Unlike `precondition`,
/// `fatalError` keeps its message in -O builds, so the crash report says
/// which invariant broke. (Run with SWIFT_BACKTRACE=enable=no so the Swift
/// backtracer leaves the crash to libFuzzer.)
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// The events of one read, copied out of the buffers they point into.
enum FuzzEvent: Equatable {
    case message(UInt8, [UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(UInt16?, String)
    /// The reason text is left out: the same failure may be worded
    /// differently depending on where the input was split.
    case failed(UInt16)

    /// The event without its payload bytes, for crash reports.
    var summary: String {
        switch self {
        case .message(let opcode, let bytes): "message(\(opcode), \(bytes.count) bytes)"
        case .ping(let bytes): "ping(\(bytes.count) bytes)"
        case .pong(let bytes): "pong(\(bytes.count) bytes)"
        case .close(let code, let reason): "close(\(code.map(String.init) ?? "none"), \(reason.utf8.count) bytes)"
        case .failed(let code): "failed(\(code))"
        }
    }
}

/// Traps unless two reads of the same input gave the same events.
func checkSame(_ other: [FuzzEvent], _ whole: [FuzzEvent], _ how: @autoclosure () -> String) {
    check(other == whole, "\(how()) read differently: \(other.map(\.summary)) vs whole \(whole.map(\.summary))")
}

let fuzzMaxFrameBytes = 64 * 1024
let fuzzMaxMessageBytes = 64 * 1024

/// Reads `input` in pieces of the given sizes (the last piece takes the rest).
func fuzzRead(_ input: UnsafeBufferPointer<UInt8>, role: WebSocketRole, pieceSizes: (Int) -> Int) -> [FuzzEvent] {
    var reader = MessageReader(role: role, maxFrameBytes: fuzzMaxFrameBytes, maxMessageBytes: fuzzMaxMessageBytes)
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
        if !readPiece(buffer, into: &events, reader: &reader) { return events }
    } while start < input.count
    return events
}

/// Runs the reader over one buffer; false once it has failed.
func readPiece(_ buffer: UnsafeMutableRawBufferPointer, into events: inout [FuzzEvent], reader: inout MessageReader) -> Bool {
    var cursor = 0
    // Every event but the last consumes at least two bytes (a frame header),
    // so more calls than this means the reader is stuck.
    var budget = buffer.count + 2
    while true {
        budget -= 1
        check(budget >= 0, "reader made no progress")
        let before = cursor
        let event = reader.next(buffer, cursor: &cursor)
        check(cursor >= before && cursor <= buffer.count, "cursor moved to \(cursor) of \(buffer.count)")
        switch event {
        case .needMoreBytes:
            check(cursor == buffer.count, "needMoreBytes with bytes left")
            return true
        case .message(let opcode, let payload):
            check(opcode == .text || opcode == .binary, "message with opcode \(opcode)")
            check(payload.count <= fuzzMaxMessageBytes, "message over the limit")
            if opcode == .text {
                check(String(validating: payload, as: UTF8.self) != nil, "text message is not UTF-8")
            }
            events.append(.message(opcode.rawValue, Array(payload)))
        case .ping(let payload):
            check(payload.count <= 125, "ping over 125 bytes")
            events.append(.ping(Array(payload)))
        case .pong(let payload):
            check(payload.count <= 125, "pong over 125 bytes")
            events.append(.pong(Array(payload)))
        case .close(let code, let reason):
            check(reason.utf8.count <= 123, "close reason over 123 bytes")
            if let code { check(code.isAllowedOnWire, "close code \(code) accepted") }
            check(code != nil || reason.isEmpty, "reason without a code")
            events.append(.close(code?.rawValue, reason))
        case .failed(let code, let reason):
            check(code == .protocolError || code == .invalidPayload || code == .messageTooBig, "failed with \(code)")
            check(!reason.isEmpty, "failure without a reason")
            events.append(.failed(code.rawValue))
            return false
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    // Split points and piece sizes come from the input's last bytes, which
    // are also read as frame bytes: libFuzzer steers both at once.
    let seed = size >= 2 ? Int(input[size - 1]) << 8 | Int(input[size - 2]) : size
    let split = size == 0 ? 0 : seed % (size + 1)
    for role in [WebSocketRole.server, .client] {
        let whole = fuzzRead(input, role: role) { _ in size }
        let twoPieces = fuzzRead(input, role: role) { $0 == 0 ? split : size }
        checkSame(twoPieces, whole, "split at \(split)")
        if size <= 4096 {
            let bytewise = fuzzRead(input, role: role) { _ in 1 }
            checkSame(bytewise, whole, "one byte at a time")
        }
        let varied = fuzzRead(input, role: role) { index in
            size == 0 ? 0 : 1 + Int(input[(index &* 31 &+ seed) % size]) % 23
        }
        checkSame(varied, whole, "varied pieces")
    }
    return 0
}
