extension HTTPRequestHead {
    /// The head as bytes for the client role: request line, headers, blank line. Nothing is added: a request
    /// with a body states its own Content-Length.
    public func serialized() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        write(into: &buffer)
        return buffer
    }

    /// Appends the head to `buffer`. The method must be a token and the target visible ASCII with no spaces;
    /// anything else is a programming error (validate URLs before building a head from them).
    public func write(into buffer: inout [UInt8]) {
        precondition(ASCII.isToken(method.utf8), "an HTTP method must be a non-empty RFC 9110 token")
        precondition(!target.isEmpty && target.utf8.allSatisfy(ASCII.isVisible), "a request target must be visible ASCII")
        buffer.append(contentsOf: method.utf8)
        buffer.append(ASCII.space)
        buffer.append(contentsOf: target.utf8)
        buffer.append(ASCII.space)
        HTTPHeadWriter.appendVersion(minor: versionMinor, to: &buffer)
        HTTPHeadWriter.appendLineEnd(to: &buffer)
        HTTPHeadWriter.appendFields(headers, to: &buffer)
        HTTPHeadWriter.appendLineEnd(to: &buffer)
    }
}
