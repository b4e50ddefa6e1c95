import HTTP
import Testing

/// A parser the helpers can drive: the request and response parsers seen through one shape.
protocol IncrementalHeadParser {
    associatedtype Head: Equatable & Sendable
    init(limits: HTTPLimits)
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> FeedStep<Head>
}

/// One `parse` call's result in a shape shared by both parsers.
enum FeedStep<Head: Equatable & Sendable>: Equatable {
    case needMoreBytes
    case complete(Head, consumed: Int)
    case failed(HTTPParseError)
}

extension HTTPRequestParser: IncrementalHeadParser {
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> FeedStep<HTTPRequestHead> {
        switch parse(bytes) {
        case .needMoreBytes: .needMoreBytes
        case .complete(let head, let consumed): .complete(head, consumed: consumed)
        case .failed(let error): .failed(error)
        }
    }
}

extension HTTPResponseParser: IncrementalHeadParser {
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> FeedStep<HTTPResponseHead> {
        switch parse(bytes) {
        case .needMoreBytes: .needMoreBytes
        case .complete(let head, let consumed): .complete(head, consumed: consumed)
        case .failed(let error): .failed(error)
        }
    }
}

/// Everything a stream produced: each head with the stream offset where it ended, then how the stream stopped.
struct Transcript<Head: Equatable & Sendable>: Equatable, CustomStringConvertible {
    var heads: [Head] = []
    var ends: [Int] = []
    /// nil when the stream ran out while a head was incomplete (or exactly after one).
    var failure: HTTPParseError?

    var description: String { "heads \(heads) ending at \(ends), failure \(String(describing: failure))" }
}

/// `lines` each followed by CRLF, as bytes: `crlf("GET / HTTP/1.1", "Host: a", "")` is a complete head.
func crlf(_ lines: String...) -> [UInt8] {
    crlf(lines)
}

/// `lines` each followed by CRLF, as bytes.
func crlf(_ lines: [String]) -> [UInt8] {
    Array(lines.map { $0 + "\r\n" }.joined().utf8)
}

/// Feeds `bytes` in pieces cut at `cuts` (ascending offsets), handing each head's leftover bytes straight
/// back to the parser as a server does with pipelined requests.
func transcript<Parser: IncrementalHeadParser>(
    _: Parser.Type, of bytes: [UInt8], cuts: [Int], limits: HTTPLimits, stopAfterFirstHead: Bool = false
) -> Transcript<Parser.Head> {
    var parser = Parser(limits: limits)
    var result = Transcript<Parser.Head>()
    bytes.withUnsafeBytes { stream in
        var pieceStart = 0
        for pieceEnd in cuts + [stream.count] {
            var offset = pieceStart
            pieceStart = pieceEnd
            while offset < pieceEnd {
                switch parser.feed(UnsafeRawBufferPointer(rebasing: stream[offset..<pieceEnd])) {
                case .needMoreBytes:
                    offset = pieceEnd
                case .complete(let head, let consumed):
                    precondition(consumed > 0 && consumed <= pieceEnd - offset, "consumed out of range")
                    offset += consumed
                    result.heads.append(head)
                    result.ends.append(offset)
                    if stopAfterFirstHead { return }
                case .failed(let error):
                    result.failure = error
                    return
                }
            }
        }
    }
    return result
}

/// Every way the helpers split a stream of `count` bytes: whole, in two at each position (a sample of
/// positions for long streams, keeping both ends), and one byte at a time.
func splits(ofCount count: Int) -> [[Int]] {
    let everyPosition = count <= 2048
    let positions = everyPosition
        ? Array(1..<max(count, 1))
        : Array(1..<64) + Array(stride(from: 64, to: count - 64, by: count / 61)) + Array((count - 64)..<count)
    return [[]] + positions.map { [$0] } + [Array(1..<max(count, 1))]
}

/// Parses `bytes` with every split and expects the same transcript from each; returns it.
func parseEverySplit<Parser: IncrementalHeadParser>(
    _ parser: Parser.Type, _ bytes: [UInt8], limits: HTTPLimits = HTTPLimits(), stopAfterFirstHead: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Transcript<Parser.Head> {
    let whole = transcript(parser, of: bytes, cuts: [], limits: limits, stopAfterFirstHead: stopAfterFirstHead)
    for cuts in splits(ofCount: bytes.count).dropFirst() {
        let split = transcript(parser, of: bytes, cuts: cuts, limits: limits, stopAfterFirstHead: stopAfterFirstHead)
        guard split == whole else {
            let shown = cuts.count > 3 ? "one byte at a time" : "cut at \(cuts)"
            Issue.record("fed \(shown): \(split)\nfed whole: \(whole)", sourceLocation: sourceLocation)
            return whole
        }
    }
    return whole
}

/// The outcome of parsing one request head from `bytes`, checked to be the same for every split.
func parseRequest(
    _ bytes: [UInt8], limits: HTTPLimits = HTTPLimits(), sourceLocation: SourceLocation = #_sourceLocation
) -> FeedStep<HTTPRequestHead> {
    outcome(of: parseEverySplit(HTTPRequestParser.self, bytes, limits: limits, stopAfterFirstHead: true, sourceLocation: sourceLocation))
}

/// The outcome of parsing one response head from `bytes`, checked to be the same for every split.
func parseResponse(
    _ bytes: [UInt8], limits: HTTPLimits = HTTPLimits(), sourceLocation: SourceLocation = #_sourceLocation
) -> FeedStep<HTTPResponseHead> {
    outcome(of: parseEverySplit(HTTPResponseParser.self, bytes, limits: limits, stopAfterFirstHead: true, sourceLocation: sourceLocation))
}

/// The first head (with `consumed` counted from the stream's start) or the failure.
func outcome<Head>(of transcript: Transcript<Head>) -> FeedStep<Head> {
    if let head = transcript.heads.first, let end = transcript.ends.first { return .complete(head, consumed: end) }
    if let failure = transcript.failure { return .failed(failure) }
    return .needMoreBytes
}

extension FeedStep {
    /// The head when complete, for `#require`.
    var head: Head? {
        if case .complete(let head, _) = self { return head }
        return nil
    }

    /// The failure, if any.
    var error: HTTPParseError? {
        if case .failed(let error) = self { return error }
        return nil
    }
}
