/// A growable byte buffer with a stable address between mutations, for
/// assembling fragmented or split messages.
///
/// A class so the reader can hand out a pointer to its bytes that stays valid
/// until the next mutation, which `[UInt8]` does not promise outside
/// `withUnsafeBytes`. Created only when a message does not arrive whole in one
/// read, so an idle connection owns none.
public final class ByteAccumulator {
    private var storage: UnsafeMutableRawPointer?
    public private(set) var count = 0
    public private(set) var capacity = 0

    public init(capacity: Int = 0) {
        if capacity > 0 { reserve(capacity) }
    }

    deinit { storage?.deallocate() }

    /// The bytes appended so far; valid until the next mutation.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if count + bytes.count > capacity { reserve(max(count + bytes.count, capacity * 2, 256)) }
        (storage! + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    public func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Forgets the contents, keeping the allocation.
    public func removeAll() { count = 0 }

    private func reserve(_ newCapacity: Int) {
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let old = storage {
            grown.copyMemory(from: old, byteCount: count)
            old.deallocate()
        }
        storage = grown
        capacity = newCapacity
    }
}
