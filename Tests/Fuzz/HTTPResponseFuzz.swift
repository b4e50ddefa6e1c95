// libFuzzer entry for HTTPResponseParser (client role). Build and run with Tests/Fuzz/run.sh.
//
// Each input is parsed as a byte stream three ways: whole, cut in two at a point chosen from the data, and
// (for inputs up to 1 KiB) one byte at a time, each under default and tiny limits. Every way must produce the
// same heads ending at the same offsets and stop the same way; `consumed` must stay within the bytes given;
// a failed parser must keep answering its failure. Any difference traps, which libFuzzer reports as a crash.
import HTTP

/// Everything a stream produced: each head with the offset where it ended, then the failure, if any.
private struct Transcript: Equatable {
    var heads: [HTTPResponseHead] = []
    var ends: [Int] = []
    var failure: HTTPParseError?
}

private let limitSets = [
    HTTPLimits(),
    HTTPLimits(maxRequestLineBytes: 24, maxHeaderBytes: 96, maxHeaderCount: 3),
]

/// Feeds `stream` cut at `cuts`, handing each head's leftover bytes straight back as a server does.
private func transcript(of stream: UnsafeRawBufferPointer, cuts: [Int], limits: HTTPLimits) -> Transcript {
    var parser = HTTPResponseParser(limits: limits)
    var result = Transcript()
    var pieceStart = 0
    for pieceEnd in cuts + [stream.count] {
        var offset = pieceStart
        pieceStart = pieceEnd
        while offset < pieceEnd {
            let piece = UnsafeRawBufferPointer(rebasing: stream[offset..<pieceEnd])
            switch parser.parse(piece) {
            case .needMoreBytes:
                offset = pieceEnd
            case .complete(let head, let consumed):
                check(consumed > 0 && consumed <= piece.count, "consumed outside the bytes given")
                offset += consumed
                result.heads.append(head)
                result.ends.append(offset)
            case .failed(let error):
                check(parser.parse(piece) == .failed(error), "a failed parser must stay failed")
                result.failure = error
                return result
            }
        }
    }
    return result
}

/// Traps with `message` when `condition` is false; unlike `precondition`, says why in -O builds too.
private func check(_ condition: Bool, _ message: String) {
    if !condition { fatalError(message) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let stream = UnsafeRawBufferPointer(start: data, count: size)
    // A cut point that depends on the data, so the fuzzer can steer it.
    let cut = size == 0 ? 0 : stream.reduce(into: 0) { $0 = ($0 &* 31 &+ Int($1)) & 0xFFFF } % (size + 1)
    for limits in limitSets {
        let whole = transcript(of: stream, cuts: [], limits: limits)
        check(whole.ends.allSatisfy { $0 <= size }, "head ends past the input")
        let halves = transcript(of: stream, cuts: cut > 0 && cut < size ? [cut] : [], limits: limits)
        check(halves == whole, "cutting the input changed the outcome")
        if size <= 1024 {
            let bytewise = transcript(of: stream, cuts: Array(1..<max(size, 1)), limits: limits)
            check(bytewise == whole, "feeding one byte at a time changed the outcome")
        }
    }
    return 0
}
