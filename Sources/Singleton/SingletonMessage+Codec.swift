// The binary encoding of singleton messages (primitives in SingletonWire.swift):
//
//   message = kind:u8 job:name body
//   body    = lease-request(1):   token round:uv leaseMilliseconds:uv
//           | lease-grant(2):     token round:uv report
//           | lease-refusal(3):   token round:uv leaseReason
//           | lease-release(4):   token
//           | commit-proposal(5): slot token commit
//           | commit-ack(6):      slot token
//           | commit-refusal(7):  slot token commitReason
//           | committed(8):       slot commit
//           | sync-request(9):    present:u8 [after:slot]
//   report  = flags:u8 [slot commit, when flags & 1] [slot token commit, when flags & 2]
//   leaseReason  = 1 remainingMilliseconds:uv | 2 holder:name remainingMilliseconds:uv | 3 newest:token
//                | 4 maxMilliseconds:uv
//   commitReason = 1 newest:token | 2 latestCommitted:slot
//
// The cluster link's frame header carries the wire version, so the payload has none.

extension SingletonMessage {
    /// Longest encoded message accepted, in bytes (the largest encodable message is about 400).
    public static let maxEncodedBytes = 1024

    /// The message's bytes. Names must be valid (`SingletonName.isValid`) and tokens nonzero.
    public func encode() -> [UInt8] {
        var writer = SingletonWriter()
        switch self {
        case .leaseRequest(let request):
            writer.byte(1)
            writer.name(request.job)
            writer.token(request.token)
            writer.unsigned(request.round)
            writer.unsigned(request.leaseMilliseconds)
        case .leaseGrant(let grant):
            writer.byte(2)
            writer.name(grant.job)
            writer.token(grant.token)
            writer.unsigned(grant.round)
            writer.report(grant.report)
        case .leaseRefusal(let refusal):
            writer.byte(3)
            writer.name(refusal.job)
            writer.token(refusal.token)
            writer.unsigned(refusal.round)
            switch refusal.reason {
            case .restarting(let remaining):
                writer.byte(1)
                writer.unsigned(remaining)
            case .leased(let holder, let remaining):
                writer.byte(2)
                writer.name(holder)
                writer.unsigned(remaining)
            case .staleToken(let newest):
                writer.byte(3)
                writer.token(newest)
            case .leaseTooLong(let max):
                writer.byte(4)
                writer.unsigned(max)
            }
        case .leaseRelease(let job, let token):
            writer.byte(4)
            writer.name(job)
            writer.token(token)
        case .commitProposal(let proposal):
            writer.byte(5)
            writer.name(proposal.job)
            writer.slot(proposal.slot)
            writer.token(proposal.token)
            writer.commit(proposal.commit)
        case .commitAck(let job, let slot, let token):
            writer.byte(6)
            writer.name(job)
            writer.slot(slot)
            writer.token(token)
        case .commitRefusal(let refusal):
            writer.byte(7)
            writer.name(refusal.job)
            writer.slot(refusal.slot)
            writer.token(refusal.token)
            switch refusal.reason {
            case .staleToken(let newest):
                writer.byte(1)
                writer.token(newest)
            case .settled(let latest):
                writer.byte(2)
                writer.slot(latest)
            }
        case .committed(let job, let slot, let commit):
            writer.byte(8)
            writer.name(job)
            writer.slot(slot)
            writer.commit(commit)
        case .syncRequest(let job, let after):
            writer.byte(9)
            writer.name(job)
            writer.byte(after == nil ? 0 : 1)
            if let after { writer.slot(after) }
        }
        return writer.bytes
    }

    /// Decodes one whole message, or says precisely what is wrong with the bytes.
    public static func decode(_ bytes: [UInt8]) -> Result<SingletonMessage, SingletonDecodingError> {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Decodes one whole message, or says precisely what is wrong with the bytes.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<SingletonMessage, SingletonDecodingError> {
        guard bytes.count <= maxEncodedBytes else { return .failure(.tooLarge(byteCount: bytes.count, limit: maxEncodedBytes)) }
        var reader = SingletonReader(bytes)
        do {
            let message = try reader.message()
            guard reader.isAtEnd else { return .failure(.trailingBytes(count: reader.remaining, offset: reader.offset)) }
            return .success(message)
        } catch {
            return .failure(error)
        }
    }
}

extension SingletonWriter {
    mutating func report(_ report: SlotReport) {
        byte((report.latestCommitted == nil ? 0 : 1) | (report.accepted == nil ? 0 : 2))
        if let committed = report.latestCommitted {
            slot(committed.slot)
            commit(committed.commit)
        }
        if let accepted = report.accepted {
            slot(accepted.slot)
            token(accepted.token)
            commit(accepted.commit)
        }
    }
}

extension SingletonReader {
    mutating func message() throws(SingletonDecodingError) -> SingletonMessage {
        let kind = try byte(.kind)
        guard (1...9).contains(kind) else { throw .unknownKind(kind) }
        let job = try name(.job)
        switch kind {
        case 1:
            return .leaseRequest(
                LeaseRequest(job: job, token: try token(), round: try unsigned(.round), leaseMilliseconds: try unsigned(.milliseconds)))
        case 2:
            return .leaseGrant(LeaseGrant(job: job, token: try token(), round: try unsigned(.round), report: try report()))
        case 3:
            let token = try token()
            let round = try unsigned(.round)
            let reasonOffset = offset
            let reason: LeaseRefusal.Reason
            switch try byte(.reason) {
            case 1: reason = .restarting(remainingMilliseconds: try unsigned(.milliseconds))
            case 2: reason = .leased(holder: try name(.holder), remainingMilliseconds: try unsigned(.milliseconds))
            case 3: reason = .staleToken(newest: try self.token())
            case 4: reason = .leaseTooLong(maxMilliseconds: try unsigned(.milliseconds))
            case let other: throw .unknownReason(other, offset: reasonOffset)
            }
            return .leaseRefusal(LeaseRefusal(job: job, token: token, round: round, reason: reason))
        case 4:
            return .leaseRelease(job: job, token: try token())
        case 5:
            return .commitProposal(CommitProposal(job: job, slot: try slot(), token: try token(), commit: try commit()))
        case 6:
            return .commitAck(job: job, slot: try slot(), token: try token())
        case 7:
            let slotTime = try slot()
            let token = try token()
            let reasonOffset = offset
            let reason: CommitRefusal.Reason
            switch try byte(.reason) {
            case 1: reason = .staleToken(newest: try self.token())
            case 2: reason = .settled(latestCommitted: try slot())
            case let other: throw .unknownReason(other, offset: reasonOffset)
            }
            return .commitRefusal(CommitRefusal(job: job, slot: slotTime, token: token, reason: reason))
        case 8:
            return .committed(job: job, slot: try slot(), commit: try commit())
        default:
            return .syncRequest(job: job, after: try presence(.flags) ? try slot() : nil)
        }
    }

    mutating func report() throws(SingletonDecodingError) -> SlotReport {
        let flagsOffset = offset
        let flags = try byte(.flags)
        guard flags & ~3 == 0 else { throw .invalidFlags(flags, offset: flagsOffset) }
        var report = SlotReport()
        if flags & 1 != 0 { report.latestCommitted = CommittedSlot(slot: try slot(), commit: try commit()) }
        if flags & 2 != 0 {
            let slotTime = try slot()
            let token = try token()
            report.accepted = SlotAcceptance(slot: slotTime, commit: try commit(), token: token)
        }
        return report
    }
}
