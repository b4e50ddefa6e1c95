// libFuzzer target for the client protocol codec: JSONParser, JSONWriter, ClientMessage and
// ServerMessage decoding and encoding.
//
// The Protocol target lives in Protocol/Sources/Protocol (not Sources/Protocol), so build.sh needs
// to look there; by hand, from the repository root:
//
//   mkdir -p /tmp/pf/modules
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name Protocol -wmo -emit-module \
//     -emit-module-path /tmp/pf/modules/Protocol.swiftmodule -c -o /tmp/pf/Protocol.o Protocol/Sources/Protocol/*.swift
//   swiftc -sanitize=fuzzer,address -parse-as-library -O -use-ld=lld -I /tmp/pf/modules -module-name Fuzz \
//     Tests/Fuzz/ProtocolFuzz.swift /tmp/pf/Protocol.o -o /tmp/pf/ProtocolFuzz
//   SWIFT_BACKTRACE=enable=no /tmp/pf/ProtocolFuzz -dict=Tests/Fuzz/dicts/ProtocolFuzz.dict \
//     -max_total_time=60 <scratch corpus dir> Tests/Fuzz/corpus/ProtocolFuzz
//
// (Without SWIFT_BACKTRACE=enable=no the Swift runtime's backtracer catches the trap before
// libFuzzer does, trips AddressSanitizer and can hang.)
//
// Each input is read as a client message, a server message and a bare JSON text. Invariants:
// - nothing traps, whatever the bytes;
// - a client message that decodes encodes to JSON that decodes to the same cid and message, and
//   encoding is then stable (encode(decode(encode(m))) == encode(m));
// - a failure is one of the codes the decoder documents, with a message, and a field for bad_field;
// - a server message that decodes (with a seq consistent with its type) round-trips the same way;
// - a JSON text that parses is written compactly and parses back to an equal value, and writing
//   is stable; a parse error points inside the input.

import Protocol

/// Traps with `message` when `condition` is false. Unlike `precondition`, `fatalError` keeps its
/// message in -O builds, so the crash report says which invariant broke.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// The codes `ClientMessage.decode` may fail with.
let decoderCodes: Set<ErrorCode> = [.badJSON, .unknownType, .badField, .messageTooBig, .versionMismatch, .chatTooLong]

func fuzzClientMessage(_ bytes: UnsafeRawBufferPointer) {
    switch ClientMessage.decode(bytes) {
    case .success(let (cid, message)):
        let encoded = message.encode(cid: cid)
        guard encoded.count <= SessionLimits.defaults.maxMessageBytes else {
            // Re-encoding can grow a message ("1e2" becomes "100.0"); one at the limit may not fit again.
            return
        }
        switch ClientMessage.decode(encoded) {
        case .success(let (cidAgain, again)):
            check(cidAgain == cid, "cid changed in a round trip")
            check(again == message, "\(message.type) changed in a round trip")
            check(again.encode(cid: cidAgain) == encoded, "\(message.type) encodes differently the second time")
        case .failure(let error):
            fatalError("re-encoded \(message.type) fails to decode: \(error.code)")
        }
    case .failure(let error):
        check(decoderCodes.contains(error.code), "unexpected code \(error.code)")
        check(!error.message.isEmpty, "error without a message")
        check(error.code != .badField || error.field != nil, "bad_field without a field")
        if let cid = error.cid { check(cid >= 0, "negative cid echoed") }
    }
}

func fuzzServerMessage(_ bytes: UnsafeRawBufferPointer) {
    guard case .success(let (seq, message)) = ServerMessage.decode(bytes) else { return }
    // Only a message whose seq fits its type can be encoded (encode checks it with a precondition).
    let consistent = message.type == "error" || (seq != nil) == message.isSequenced
    guard consistent else { return }
    let encoded = message.encode(seq: seq)
    switch ServerMessage.decode(encoded) {
    case .success(let (seqAgain, again)):
        check(seqAgain == seq, "seq changed in a round trip")
        check(again == message, "\(message.type) changed in a round trip")
        check(again.encode(seq: seqAgain) == encoded, "\(message.type) encodes differently the second time")
    case .failure(let error):
        fatalError("re-encoded \(message.type) fails to decode: \(error.code)")
    }
}

func fuzzJSON(_ bytes: UnsafeRawBufferPointer) {
    switch JSONParser.parse(bytes) {
    case .success(let value):
        let written = JSONWriter.encode(value)
        let limits = JSONParser.Limits(maxBytes: .max)
        guard case .success(let again) = JSONParser.parse(written, limits: limits) else {
            fatalError("written JSON does not parse")
        }
        check(again == value, "value changed in a write/parse round trip")
        check(JSONWriter.encode(again) == written, "writing is not stable")
    case .failure(let error):
        check(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside the input")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // A copy in its own allocation, so AddressSanitizer sees any read past the end.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
    defer { buffer.deallocate() }
    if size > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size)) }
    let bytes = UnsafeRawBufferPointer(buffer)
    fuzzClientMessage(bytes)
    fuzzServerMessage(bytes)
    fuzzJSON(bytes)
    return 0
}
