/// Cuts an HTTP/1.1 head into CRLF-terminated lines as bytes arrive, and enforces the byte limits at the exact
/// byte where they are crossed.
///
/// Every decision depends only on the bytes seen so far, never on how they were split into calls, which is
/// what lets the parsers promise the same outcome for any split. A line that ends inside the caller's bytes is
/// handed back as a range of them (no copy); only a line cut by the end of a call is carried over, so the
/// scanner holds at most one partial line, and never more than `maxHeadBytes`.
///
/// Line endings are strict CRLF. RFC 9112 §2.2 lets a recipient accept a bare LF; Roost does not, because a
/// proxy in front that disagrees on line endings is the classic request-smuggling setup. A CR is a line-ending
/// byte only; one not followed by LF is an error (§2.2 allows rejecting it).
struct HTTPHeadScanner: Sendable {
    /// What the scanner found next.
    enum Step: Equatable {
        /// A whole line inside the caller's bytes; the range excludes the CRLF.
        case line(Range<Int>)
        /// A whole line assembled across calls, now in `carriedLine` (CRLF excluded).
        case carriedLine
        /// Every byte was taken; the line continues in the next call.
        case needMoreBytes
        /// The line has more than `maxLineBytes` bytes before its CRLF.
        case lineTooLong
        /// A line-ending or head-size error.
        case failed(HTTPParseError)
    }

    private let maxHeadBytes: Int
    /// Bytes of this head taken so far, counted against `maxHeadBytes`.
    private(set) var headBytes = 0
    /// The start of a line whose end has not arrived yet, without its CR.
    private(set) var carriedLine: [UInt8] = []
    /// The carried line's CR was the last byte of the previous call; its LF is due next.
    private var carriedCR = false

    init(maxHeadBytes: Int) {
        self.maxHeadBytes = maxHeadBytes
    }

    /// Finds the next line in `bytes` from `index`, advancing `index` past what it took.
    ///
    /// `maxLineBytes` caps this line's length without CRLF (the start line); nil leaves only the head limit.
    mutating func nextLine(in bytes: UnsafeRawBufferPointer, from index: inout Int, maxLineBytes: Int?) -> Step {
        let start = index
        let available = bytes.count - start
        guard available > 0 else { return .needMoreBytes }
        let headRoom = maxHeadBytes - headBytes
        guard headRoom > 0 else { return .failed(.headersTooLarge) }

        if carriedCR {
            guard bytes[start] == ASCII.lineFeed else { return .failed(.bareCarriageReturn) }
            carriedCR = false
            headBytes += 1
            index = start + 1
            return .carriedLine
        }

        // Scan no further than the head may grow, nor past the first byte that makes the line too long.
        var scanCount = min(available, headRoom)
        var cappedByLineLimit = false
        if let maxLineBytes {
            let lineRoom = maxLineBytes - carriedLine.count
            if lineRoom < scanCount {
                scanCount = lineRoom + 1
                cappedByLineLimit = true
            }
        }
        let scanEnd = start + scanCount
        let cursor = ASCII.firstLineBreak(in: bytes, from: start, to: scanEnd)

        guard cursor < scanEnd else {
            if cappedByLineLimit { return .lineTooLong }
            if scanCount == headRoom && available > headRoom { return .failed(.headersTooLarge) }
            carry(bytes, start..<scanEnd)
            index = scanEnd
            return .needMoreBytes
        }
        if bytes[cursor] == ASCII.lineFeed { return .failed(.bareLineFeed) }

        // A CR at `cursor`: the line ends if an LF follows and still fits in the head.
        let takenWithCR = cursor - start + 1
        let lineFeedIndex = cursor + 1
        if takenWithCR == headRoom && lineFeedIndex < bytes.count { return .failed(.headersTooLarge) }
        guard lineFeedIndex < bytes.count else {
            carry(bytes, start..<cursor)
            headBytes += 1
            carriedCR = true
            index = bytes.count
            return .needMoreBytes
        }
        guard bytes[lineFeedIndex] == ASCII.lineFeed else { return .failed(.bareCarriageReturn) }
        headBytes += takenWithCR + 1
        index = lineFeedIndex + 1
        guard carriedLine.isEmpty else {
            carriedLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<cursor]))
            return .carriedLine
        }
        return .line(start..<cursor)
    }

    /// Forgets the carried line once the caller has read it, keeping its storage for the next one.
    mutating func clearCarriedLine() {
        carriedLine.removeAll(keepingCapacity: true)
    }

    private mutating func carry(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        carriedLine.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
        headBytes += range.count
    }
}
