extension HTTPResponse {
    /// The response as bytes: status line, headers, Content-Length, blank line, body.
    public func serialized() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(128 + body.count)
        write(into: &buffer)
        return buffer
    }

    /// Appends the response to `buffer`.
    ///
    /// Content-Length: `body.count` is added unless `headers` already has one (a HEAD response states the
    /// length of the body it omits) or the status is 1xx, 204 or 304, which must not carry it with that
    /// meaning (RFC 9110 §8.6). A non-empty body on those statuses is a programming error.
    public func write(into buffer: inout [UInt8]) {
        precondition(body.isEmpty || !status.forbidsContent, "status \(status.code) must not have a body")
        HTTPHeadWriter.appendVersion(minor: 1, to: &buffer)
        buffer.append(ASCII.space)
        HTTPHeadWriter.appendDecimal(status.code, to: &buffer)
        buffer.append(ASCII.space)
        HTTPHeadWriter.appendSanitized(status.reason, to: &buffer)
        HTTPHeadWriter.appendLineEnd(to: &buffer)
        HTTPHeadWriter.appendFields(headers, to: &buffer)
        if !status.forbidsContent && !headers.contains(name: "Content-Length") {
            buffer.append(contentsOf: "Content-Length: ".utf8)
            HTTPHeadWriter.appendDecimal(body.count, to: &buffer)
            HTTPHeadWriter.appendLineEnd(to: &buffer)
        }
        HTTPHeadWriter.appendLineEnd(to: &buffer)
        buffer.append(contentsOf: body)
    }
}
