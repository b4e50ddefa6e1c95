/// The first line of a head: a request line or a status line.
protocol HTTPStartLine: Sendable {
    /// The error for a start line longer than `HTTPLimits.maxRequestLineBytes`.
    static var tooLong: HTTPParseError { get }
    /// Parses the line without its CRLF.
    static func parse(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> Self
}

/// The incremental head parser shared by requests and responses: start line, field lines, blank line.
///
/// It keeps only the start line and fields parsed so far plus one partial line between calls. After a
/// failure it keeps answering that failure; after a complete head it starts over for the next one.
struct HTTPHeadParser<StartLine: HTTPStartLine>: Sendable {
    /// Outcome of one `parse` call.
    enum Step {
        case needMoreBytes
        case complete(StartLine, HTTPHeaders, consumed: Int)
        case failed(HTTPParseError)
    }

    /// A line of the head, parsed.
    private enum Line {
        case blank
        case start(StartLine)
        case field(HTTPHeaders.Element)
    }

    let limits: HTTPLimits
    private var scanner: HTTPHeadScanner
    private var startLine: StartLine?
    /// Room for a browser's WebSocket upgrade without regrowing.
    private var headers = HTTPHeaders(capacity: 16)
    private var failure: HTTPParseError?

    init(limits: HTTPLimits) {
        self.limits = limits
        scanner = HTTPHeadScanner(maxHeadBytes: limits.maxHeaderBytes)
    }

    mutating func parse(_ bytes: UnsafeRawBufferPointer) -> Step {
        if let failure { return .failed(failure) }
        var index = 0
        while true {
            let maxLineBytes = startLine == nil ? limits.maxRequestLineBytes : nil
            let line: Result<Line, HTTPParseError>
            switch scanner.nextLine(in: bytes, from: &index, maxLineBytes: maxLineBytes) {
            case .needMoreBytes:
                return .needMoreBytes
            case .lineTooLong:
                return fail(StartLine.tooLong)
            case .failed(let error):
                return fail(error)
            case .line(let range):
                line = interpret(UnsafeRawBufferPointer(rebasing: bytes[range]))
            case .carriedLine:
                line = scanner.carriedLine.withUnsafeBytes { interpret($0) }
                scanner.clearCarriedLine()
            }

            switch line {
            case .failure(let error):
                return fail(error)
            case .success(.blank):
                // RFC 9112 §2.2: a server SHOULD ignore empty lines before the request line. They count
                // against maxHeaderBytes, which bounds how many are taken.
                guard let startLine else { continue }
                let complete = Step.complete(startLine, headers, consumed: index)
                self = HTTPHeadParser(limits: limits)
                return complete
            case .success(.start(let parsed)):
                startLine = parsed
            case .success(.field(let field)):
                guard headers.count < limits.maxHeaderCount else { return fail(.tooManyHeaders) }
                headers.add(name: field.name, value: field.value)
            }
        }
    }

    /// Makes `error` the answer to this and every later call.
    mutating func fail(_ error: HTTPParseError) -> Step {
        failure = error
        return .failed(error)
    }

    private func interpret(_ line: UnsafeRawBufferPointer) -> Result<Line, HTTPParseError> {
        do throws(HTTPParseError) {
            if line.isEmpty { return .success(.blank) }
            if startLine == nil { return .success(.start(try StartLine.parse(line))) }
            return .success(.field(try HTTPFieldLine.parse(line)))
        } catch {
            return .failure(error)
        }
    }
}
