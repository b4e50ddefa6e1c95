// The stored form of a slot ledger (primitives in SingletonWire.swift). One encoding per ledger:
//
//   ledger   = version:u8(1) jobCount:uv job*                  jobs strictly ascending by name, <= maxJobs
//   job      = name sincePresent:u8 [since:slot] ownToken:uv newestToken:uv holderPresent:u8 [holder:name]
//              acceptedPresent:u8 [acceptance]
//              count:uv committed*                             slots strictly ascending, count <= historyLimit
//   acceptance = slot token commit
//   committed  = slot commit
//
// A holder is present exactly when newestToken is not zero.

extension SlotLedger {
    /// The current format version.
    static let formatVersion: UInt8 = 1
    /// Longest stored ledger accepted, in bytes (the largest possible is about 1.9 MB).
    public static let maxEncodedBytes = 4 << 20

    /// The ledger's bytes, for the shell to store.
    public func encode() -> [UInt8] {
        var writer = SingletonWriter()
        writer.byte(Self.formatVersion)
        writer.unsigned(UInt64(jobs.count))
        for job in jobNames {
            let record = jobs[job]!
            writer.name(job)
            writer.byte(record.since == nil ? 0 : 1)
            if let since = record.since { writer.slot(since) }
            writer.unsigned(record.ownToken.value)
            writer.unsigned(record.newestToken.value)
            writer.byte(record.newestHolder == nil ? 0 : 1)
            if let holder = record.newestHolder { writer.name(holder) }
            writer.byte(record.accepted == nil ? 0 : 1)
            if let accepted = record.accepted {
                writer.slot(accepted.slot)
                writer.token(accepted.token)
                writer.commit(accepted.commit)
            }
            writer.unsigned(UInt64(record.committed.count))
            for entry in record.committed {
                writer.slot(entry.slot)
                writer.commit(entry.commit)
            }
        }
        return writer.bytes
    }

    /// Restores a stored ledger, or says precisely what is wrong with the bytes.
    public static func decode(_ bytes: [UInt8]) -> Result<SlotLedger, SingletonDecodingError> {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Restores a stored ledger, or says precisely what is wrong with the bytes.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<SlotLedger, SingletonDecodingError> {
        guard bytes.count <= maxEncodedBytes else { return .failure(.tooLarge(byteCount: bytes.count, limit: maxEncodedBytes)) }
        var reader = SingletonReader(bytes)
        do {
            let ledger = try reader.ledger()
            guard reader.isAtEnd else { return .failure(.trailingBytes(count: reader.remaining, offset: reader.offset)) }
            return .success(ledger)
        } catch {
            return .failure(error)
        }
    }
}

extension SingletonReader {
    mutating func ledger() throws(SingletonDecodingError) -> SlotLedger {
        let version = try byte(.version)
        guard version == SlotLedger.formatVersion else { throw .unknownVersion(version) }
        let countOffset = offset
        let jobCount = try unsigned(.count)
        guard jobCount <= UInt64(SlotLedger.maxJobs) else {
            throw .tooManyEntries(count: jobCount, limit: SlotLedger.maxJobs, offset: countOffset)
        }
        var ledger = SlotLedger()
        var previousJob: String?
        for _ in 0..<jobCount {
            let jobOffset = offset
            let job = try name(.job)
            if let previousJob, !(previousJob < job) { throw .unorderedEntries(offset: jobOffset) }
            previousJob = job
            ledger.jobs[job] = try jobRecord()
        }
        return ledger
    }

    mutating func jobRecord() throws(SingletonDecodingError) -> SlotLedger.JobRecord {
        var record = SlotLedger.JobRecord()
        if try presence(.flags) { record.since = try slot() }
        record.ownToken = FencingToken(try unsigned(.token))
        record.newestToken = FencingToken(try unsigned(.token))
        let holderOffset = offset
        let hasHolder = try presence(.flags)
        // A holder belongs to a token and to nothing else.
        guard hasHolder == (record.newestToken != .none) else { throw .invalidFlags(hasHolder ? 1 : 0, offset: holderOffset) }
        if hasHolder { record.newestHolder = try name(.holder) }
        if try presence(.flags) {
            let slotTime = try slot()
            let token = try token()
            record.accepted = SlotAcceptance(slot: slotTime, commit: try commit(), token: token)
        }
        let countOffset = offset
        let count = try unsigned(.count)
        guard count <= UInt64(SlotLedger.historyLimit) else {
            throw .tooManyEntries(count: count, limit: SlotLedger.historyLimit, offset: countOffset)
        }
        for _ in 0..<count {
            let entryOffset = offset
            let slotTime = try slot()
            if let last = record.committed.last, last.slot >= slotTime { throw .unorderedEntries(offset: entryOffset) }
            record.committed.append(CommittedSlot(slot: slotTime, commit: try commit()))
        }
        return record
    }
}
