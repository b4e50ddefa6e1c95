/// The parsed request line, `method SP request-target SP HTTP-version` (RFC 9112 §3).
struct HTTPRequestLine: HTTPStartLine {
    var method: String
    var target: String
    var versionMinor: Int

    /// Parses a request line without its CRLF.
    ///
    /// The target may hold any VCHAR: RFC 3986 excludes a few (`"<>\^`{|}`) that real clients still send raw,
    /// and none of them can split the line, which is what framing needs. Its form must fit the method
    /// (RFC 9112 §3.2): `*` for OPTIONS only, authority-form for CONNECT only, otherwise origin- or absolute-form.
    static func parse(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPRequestLine {
        guard let methodEnd = line.firstIndex(of: ASCII.space), methodEnd > 0 else { throw .malformedRequestLine }
        let targetStart = methodEnd + 1
        guard let targetEnd = line[targetStart...].firstIndex(of: ASCII.space), targetEnd > targetStart else {
            throw .malformedRequestLine
        }
        let method = line[..<methodEnd]
        let target = line[targetStart..<targetEnd]
        let version = line[(targetEnd + 1)...]
        guard !version.isEmpty, !version.contains(ASCII.space) else { throw .malformedRequestLine }
        guard ASCII.isToken(method) else { throw .invalidMethod }
        guard target.allSatisfy(ASCII.isVisible) else { throw .invalidTarget }
        let versionMinor = try HTTPVersion.parseMinor(version)
        try validateForm(of: target, method: method)
        return HTTPRequestLine(
            method: String(decoding: method, as: UTF8.self),
            target: String(decoding: target, as: UTF8.self),
            versionMinor: versionMinor
        )
    }

    static var tooLong: HTTPParseError { .requestLineTooLong }

    private static func validateForm(
        of target: UnsafeRawBufferPointer.SubSequence, method: UnsafeRawBufferPointer.SubSequence
    ) throws(HTTPParseError) {
        let isConnect = method.elementsEqual("CONNECT".utf8)
        if isConnect {
            // authority-form: host ":" port, no path.
            guard target.contains(ASCII.colon), !target.contains(ASCII.slash) else { throw .invalidTarget }
        } else if target.first == ASCII.slash {
            return
        } else if target.count == 1 && target.first == ASCII.asterisk {
            guard method.elementsEqual("OPTIONS".utf8) else { throw .invalidTarget }
        } else {
            guard hasScheme(target) else { throw .invalidTarget }
        }
    }

    /// absolute-form starts with `scheme "://"`, scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    /// (RFC 3986 §3.1). Every scheme an HTTP server sees (http, https, ws, wss) has an authority, so requiring
    /// `//` costs nothing and keeps `host:port` from passing as a scheme.
    private static func hasScheme(_ target: UnsafeRawBufferPointer.SubSequence) -> Bool {
        guard let colon = target.firstIndex(of: ASCII.colon), colon > target.startIndex,
              target[(colon + 1)...].starts(with: "//".utf8)
        else { return false }
        let scheme = target[..<colon]
        let first = ASCII.lowercased(scheme[scheme.startIndex])
        guard first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") else { return false }
        return scheme.allSatisfy { byte in
            let lower = ASCII.lowercased(byte)
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || ASCII.isDigit(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == ASCII.dot
        }
    }
}
