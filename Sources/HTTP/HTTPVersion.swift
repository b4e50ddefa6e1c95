/// The `HTTP-version` of a start line (RFC 9112 §2.3): `HTTP/` DIGIT `.` DIGIT, case-sensitive.
enum HTTPVersion {
    private static let name: [UInt8] = Array("HTTP/".utf8)

    /// The minor version of an HTTP/1.x version, or an error.
    ///
    /// HTTP/1.x with x > 1 is read as HTTP/1.1, as RFC 9110 §2.5 asks of a recipient that implements a lower
    /// minor version; any other major version is `unsupportedVersion` (505).
    static func parseMinor(_ bytes: UnsafeRawBufferPointer.SubSequence) throws(HTTPParseError) -> Int {
        guard bytes.count == 8, bytes.prefix(5).elementsEqual(name),
              ASCII.isDigit(bytes[bytes.startIndex + 5]), bytes[bytes.startIndex + 6] == ASCII.dot,
              ASCII.isDigit(bytes[bytes.startIndex + 7])
        else { throw .invalidVersion }
        guard bytes[bytes.startIndex + 5] == UInt8(ascii: "1") else { throw .unsupportedVersion }
        return min(Int(bytes[bytes.startIndex + 7] - ASCII.zero), 1)
    }
}
