import ClusterWire

/// One decoder event with its payload copied out.
enum Decoded: Equatable, CustomStringConvertible {
    case frame(ClusterFrameType, ClusterChannel, [UInt8])
    case failed(ClusterFrameError)

    var description: String {
        switch self {
        case .frame(let type, let channel, let payload): "frame(\(type), \(channel), \(payload.count) bytes)"
        case .failed(let error): "failed(\(error))"
        }
    }
}

/// Feeds `pieces` to one decoder, each from its own allocation (freed before
/// the next arrives), and returns the events; with `finish`, a truncation at
/// the end is reported as a failure too.
func decode(_ pieces: [[UInt8]], maxPayloadBytes: Int = 1 << 20, finish: Bool = true) -> [Decoded] {
    var decoder = ClusterFrameDecoder(maxPayloadBytes: maxPayloadBytes)
    var events: [Decoded] = []
    for piece in pieces {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: piece.count, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: piece)
        var cursor = 0
        reading: while true {
            switch decoder.next(UnsafeRawBufferPointer(buffer), cursor: &cursor) {
            case .frame(let header, let payload):
                events.append(.frame(header.type, header.channel, Array(payload)))
            case .needMoreBytes:
                break reading
            case .failed(let error):
                events.append(.failed(error))
                return events
            }
        }
    }
    if finish, let error = decoder.finish() { events.append(.failed(error)) }
    return events
}

/// `bytes` split at every single point, and one byte at a time.
func everySplit(_ bytes: [UInt8]) -> [[[UInt8]]] {
    var splits = (0...bytes.count).map { [Array(bytes[..<$0]), Array(bytes[$0...])] }
    splits.append(bytes.map { [$0] })
    return splits
}

/// A frame built by hand, byte by byte, independent of the encoder.
func handFrame(length: UInt32? = nil, version: UInt8 = 1, type: UInt8, channel: UInt8 = 0, flags: UInt8 = 0, payload: [UInt8] = []) -> [UInt8] {
    let length = length ?? UInt32(payload.count + 4)
    return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), version, type, channel, flags] + payload
}
