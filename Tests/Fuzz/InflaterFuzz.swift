// libFuzzer entry for the permessage-deflate inflater (decompression bombs,
// corrupt streams). Build and run with Tests/Fuzz/run.sh.
//
// Each input is inflated as one compressed message three ways: whole, split
// into two fragments at a point chosen from the data, and one byte per
// fragment (inputs up to 512 bytes), under a 64 KiB cap. All must agree on
// the outcome and, when it is .ok, on the bytes; the output never exceeds the
// cap. Then the input is deflated and inflated back and must round-trip.
import Compression

private let capBytes = 64 * 1024

private func check(_ condition: Bool, _ message: String) {
    if !condition { fatalError(message) }
}

private func inflate(_ input: UnsafeRawBufferPointer, cuts: [Int]) -> (InflateOutcome, [UInt8]) {
    let inflater = MessageInflater(windowBits: 15, contextTakeover: false)
    var output: [UInt8] = []
    var start = 0
    let ends = cuts + [input.count]
    for (index, end) in ends.enumerated() {
        let fragment = UnsafeRawBufferPointer(rebasing: input[start..<end])
        start = end
        let outcome = inflater.decompress(
            fragment, isFinal: index == ends.count - 1, maxMessageBytes: capBytes, appendingTo: &output)
        check(output.count <= capBytes, "inflated past the cap")
        if outcome != .ok { return (outcome, output) }
    }
    return (.ok, output)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let whole = inflate(input, cuts: [])
    let cut = size == 0 ? 0 : Int(data[0]) % (size + 1)
    let split = inflate(input, cuts: [cut])
    check(whole.0 == split.0, "outcome depends on fragmentation")
    if whole.0 == .ok { check(whole.1 == split.1, "bytes depend on fragmentation") }
    if size <= 512 {
        let bytewise = inflate(input, cuts: Array(stride(from: 1, to: max(size, 1), by: 1)))
        check(whole.0 == bytewise.0, "outcome depends on one-byte fragments")
        if whole.0 == .ok { check(whole.1 == bytewise.1, "bytes depend on one-byte fragments") }
    }
    let deflater = MessageDeflater(windowBits: 15, memoryLevel: 8, level: 6, contextTakeover: false)
    var compressed: [UInt8] = []
    deflater.compress(input, appendingTo: &compressed)
    let back = compressed.withUnsafeBytes { inflate($0, cuts: []) }
    if size <= capBytes {
        check(back.0 == .ok && back.1 == Array(input), "deflate/inflate round trip failed")
    }
    return 0
}
