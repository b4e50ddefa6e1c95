/// Writes frames (RFC 6455 §5.2) into an output buffer.
public enum FrameEncoder {
    /// Appends one frame. A client passes a fresh `maskingKey` for every frame
    /// (§5.3); a server passes nil.
    @inline(__always)
    public static func appendFrame(
        _ opcode: Opcode, payload: UnsafeRawBufferPointer, fin: Bool = true, rsv1: Bool = false,
        maskingKey: UInt32? = nil, to output: inout [UInt8]
    ) {
        var header: (UInt64, UInt64) = (0, 0)
        let headerLength = withUnsafeMutableBytes(of: &header) { bytes -> Int in
            bytes[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.rawValue
            let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
            let length = payload.count
            var offset: Int
            if length < 126 {
                bytes[1] = maskBit | UInt8(length)
                offset = 2
            } else if length <= 0xFFFF {
                bytes[1] = maskBit | 126
                bytes.storeBytes(of: UInt16(length).bigEndian, toByteOffset: 2, as: UInt16.self)
                offset = 4
            } else {
                bytes[1] = maskBit | 127
                bytes.storeBytes(of: UInt64(length).bigEndian, toByteOffset: 2, as: UInt64.self)
                offset = 10
            }
            if let maskingKey {
                bytes.storeBytes(of: maskingKey, toByteOffset: offset, as: UInt32.self)
                offset += 4
            }
            return offset
        }
        // Rebasing keeps the append a memcpy (a Slice would copy byte by byte).
        withUnsafeBytes(of: header) { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<headerLength])) }
        guard payload.count > 0 else { return }
        let payloadStart = output.count
        output.append(contentsOf: payload)
        if let maskingKey {
            output.withUnsafeMutableBytes { bytes in
                applyMask(UnsafeMutableRawBufferPointer(rebasing: bytes[payloadStart...]), key: maskingKey, offset: 0)
            }
        }
    }

    /// Appends a close frame with an optional code and a reason cut to fit the
    /// 125-byte control frame limit at a character boundary.
    public static func appendClose(
        _ code: CloseCode?, reason: String = "", maskingKey: UInt32? = nil, to output: inout [UInt8]
    ) {
        var body: [UInt8] = []
        if let code {
            precondition(code.isAllowedOnWire, "close code \(code) must never be sent (RFC 6455 §7.4.1)")
            body = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
            var reasonBytes = 0
            for scalar in reason.unicodeScalars {
                let width = String(scalar).utf8.count
                guard reasonBytes + width <= 123 else { break }
                body.append(contentsOf: String(scalar).utf8)
                reasonBytes += width
            }
        }
        body.withUnsafeBytes { appendFrame(.close, payload: $0, maskingKey: maskingKey, to: &output) }
    }

    /// Appends a text or binary message as one frame.
    public static func appendMessage(
        _ opcode: Opcode, _ bytes: [UInt8], maskingKey: UInt32? = nil, to output: inout [UInt8]
    ) {
        bytes.withUnsafeBytes { appendFrame(opcode, payload: $0, maskingKey: maskingKey, to: &output) }
    }
}
