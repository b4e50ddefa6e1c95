/// Splits a byte stream into cluster frames, accepting the bytes in pieces of
/// any size (down to one byte at a time).
///
/// A frame that lies whole inside the caller's buffer is returned without
/// copying: its payload points into that buffer. Only a frame split across
/// reads is assembled in the decoder's own storage, which grows as bytes
/// arrive (never by what a header merely declares) and never beyond
/// `ClusterFrameHeader.byteCount + maxPayloadBytes`. Storage above
/// `retainedStorageBytes` is released once its frame has been delivered, so a
/// connection that once received a big frame does not keep a big buffer.
///
/// Header fields are checked as soon as they arrive (length, then version,
/// then flags), so an oversized or foreign frame is refused before its payload
/// is read, and the same input gives the same events however it is split.
///
/// Noncopyable because it owns its storage: a copy would share it.
public struct ClusterFrameDecoder: ~Copyable {
    /// One step of decoding.
    public enum Event {
        /// A complete, valid frame. `payload` stays valid until the next call
        /// to `next` (or as long as the caller's buffer, when it points there).
        case frame(ClusterFrameHeader, payload: UnsafeRawBufferPointer)
        /// Every byte of the buffer has been consumed; feed more.
        case needMoreBytes
        /// The stream is invalid; every later call returns the same failure.
        case failed(ClusterFrameError)
    }

    /// Assembly storage kept between frames; bigger storage is released.
    public static let retainedStorageBytes = 64 * 1024

    /// The largest payload a frame may declare. May be changed between frames
    /// (the link raises it from the handshake limit once the peer is authenticated).
    public var maxPayloadBytes: Int

    private var storage: UnsafeMutableRawBufferPointer
    /// Bytes of the current split frame held in `storage`.
    private var stored = 0
    /// The frame in `storage` was returned; reset on the next call.
    private var deliveredFromStorage = false
    private var failure: ClusterFrameError?

    public init(maxPayloadBytes: Int = ClusterFrameLimits.defaultMaxPayloadBytes) {
        precondition(
            (0...ClusterFrameLimits.absoluteMaxPayloadBytes).contains(maxPayloadBytes),
            "maxPayloadBytes must be 0...\(ClusterFrameLimits.absoluteMaxPayloadBytes)")
        self.maxPayloadBytes = maxPayloadBytes
        self.storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    deinit { storage.deallocate() }

    /// Bytes of an incomplete frame held between calls.
    public var bufferedByteCount: Int { deliveredFromStorage ? 0 : stored }

    /// Bytes of assembly storage allocated now (for tests of the memory bound).
    public var storageCapacity: Int { storage.count }

    /// Decodes the next event from `buffer[cursor...]`, advancing `cursor`.
    public mutating func next(_ buffer: UnsafeRawBufferPointer, cursor: inout Int) -> Event {
        precondition(cursor >= 0 && cursor <= buffer.count, "cursor outside the buffer")
        if let failure { return .failed(failure) }
        if deliveredFromStorage { releaseDeliveredFrame() }
        if stored == 0, let event = frameInPlace(buffer, cursor: &cursor) { return event }
        return assemble(buffer, cursor: &cursor)
    }

    /// Call when the stream ends: the error if it ended inside a frame.
    public func finish() -> ClusterFrameError? {
        if failure != nil || deliveredFromStorage || stored == 0 { return nil }
        guard stored >= 4 else { return .truncated(receivedBytes: stored, frameBytes: nil) }
        return .truncated(receivedBytes: stored, frameBytes: 4 + Int(Self.lengthField(UnsafeRawPointer(storage.baseAddress!))))
    }

    // MARK: Steps

    /// The zero-copy path: a frame starting at `cursor`, checked as far as it
    /// has arrived, returned in place when it is whole. Nil when it must be assembled.
    private mutating func frameInPlace(_ buffer: UnsafeRawBufferPointer, cursor: inout Int) -> Event? {
        let available = buffer.count - cursor
        guard available > 0 else { return .needMoreBytes }
        let start = buffer.baseAddress! + cursor
        let known = min(available, ClusterFrameHeader.byteCount)
        if let error = ClusterFrameHeader.validatePrefix(start, count: known, maxPayloadBytes: maxPayloadBytes) {
            return fail(error)
        }
        guard known == ClusterFrameHeader.byteCount else { return nil }
        let header = ClusterFrameHeader.load(from: start)
        guard available >= header.frameByteCount else { return nil }
        cursor += header.frameByteCount
        return .frame(header, payload: UnsafeRawBufferPointer(start: start + ClusterFrameHeader.byteCount, count: header.payloadByteCount))
    }

    /// Copies what the current frame still needs into storage, checking the
    /// header as it completes.
    private mutating func assemble(_ buffer: UnsafeRawBufferPointer, cursor: inout Int) -> Event {
        while cursor < buffer.count {
            let target = stored < ClusterFrameHeader.byteCount
                ? ClusterFrameHeader.byteCount
                : 4 + Int(Self.lengthField(UnsafeRawPointer(storage.baseAddress!)))
            let take = min(buffer.count - cursor, target - stored)
            reserve(stored + take, upTo: target)
            (storage.baseAddress! + stored).copyMemory(from: buffer.baseAddress! + cursor, byteCount: take)
            stored += take
            cursor += take
            let start = UnsafeRawPointer(storage.baseAddress!)
            let known = min(stored, ClusterFrameHeader.byteCount)
            if let error = ClusterFrameHeader.validatePrefix(start, count: known, maxPayloadBytes: maxPayloadBytes) {
                return fail(error)
            }
            guard stored >= ClusterFrameHeader.byteCount else { continue }
            let header = ClusterFrameHeader.load(from: start)
            if stored == header.frameByteCount {
                deliveredFromStorage = true
                return .frame(header, payload: UnsafeRawBufferPointer(start: start + ClusterFrameHeader.byteCount, count: header.payloadByteCount))
            }
        }
        return .needMoreBytes
    }

    private mutating func fail(_ error: ClusterFrameError) -> Event {
        failure = error
        return .failed(error)
    }

    private mutating func releaseDeliveredFrame() {
        deliveredFromStorage = false
        stored = 0
        if storage.count > Self.retainedStorageBytes {
            storage.deallocate()
            storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        }
    }

    /// Grows storage to hold `needed` bytes: doubling, so a frame arriving in
    /// small pieces costs few copies, but never past `limit` (the frame's size).
    private mutating func reserve(_ needed: Int, upTo limit: Int) {
        guard needed > storage.count else { return }
        let capacity = min(max(needed, storage.count * 2, 256), max(needed, limit))
        let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        if stored > 0 { grown.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: stored) }
        storage.deallocate()
        storage = grown
    }

    private static func lengthField(_ start: UnsafeRawPointer) -> UInt32 {
        UInt32(bigEndian: start.loadUnaligned(as: UInt32.self))
    }
}
