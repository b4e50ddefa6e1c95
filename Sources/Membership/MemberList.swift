/// The other members as this node sees them (this node is not in it), keyed by name, with the rules
/// that decide whether a piece of news changes anything.
///
/// Merge rules, for news about a member other than this node:
/// - a higher generation replaces whatever was known (the previous run is over);
/// - within a generation, dead and left are final: nothing brings the member back but a higher generation;
/// - dead or left overrides alive and suspect of the same generation whatever their refutation count
///   (SWIM's "confirm overrides any incarnation"), so every node ends up agreeing on a declared death;
/// - suspect overrides alive at the same or a higher refutation count; alive overrides suspect or alive
///   only at a higher one (the member refuted);
/// - everything else is stale and ignored.
struct MemberList: Hashable, Sendable {
    /// One member's entry.
    struct Record: Hashable, Sendable {
        var node: NodeID
        var status: MemberStatus
        var incarnation: Incarnation
        /// When this node last changed the entry (tombstones expire from there).
        var changedAt: MembershipInstant

        var member: Member { Member(node: node, status: status, incarnation: incarnation) }
    }

    /// What a piece of news did to the list.
    enum Outcome: Hashable, Sendable {
        /// Nothing: the news is old or contradicts a final state.
        case stale
        /// The member was already suspect at this incarnation; the suspecter may confirm the suspicion.
        case sameSuspicion
        /// The entry changed; the events say how, in order (none when a tombstone is only refreshed).
        case changed([MemberEvent])
    }

    private(set) var records: [String: Record] = [:]

    subscript(name: String) -> Record? { records[name] }

    /// Names of alive and suspect members, sorted (a stable order for the seeded random choices).
    var liveNames: [String] { records.values.filter { $0.status.isLive }.map(\.node.name).sorted() }

    /// Names of alive members, sorted.
    var aliveNames: [String] { records.values.filter { $0.status == .alive }.map(\.node.name).sorted() }

    /// Every entry, tombstones included, sorted by name.
    var sortedRecords: [Record] { records.values.sorted { $0.node.name < $1.node.name } }

    /// Applies `update` by the merge rules.
    mutating func apply(_ update: MemberUpdate, now: MembershipInstant) -> Outcome {
        let name = update.node.name
        let new = Record(node: update.node, status: update.memberStatus, incarnation: update.incarnation, changedAt: now)
        guard let current = records[name] else {
            records[name] = new
            switch new.status {
            case .alive: return .changed([.joined(new.member)])
            case .suspect: return .changed([.joined(new.member), .suspect(new.member)])
            case .dead, .left: return .changed([])  // a tombstone for a member never seen: no event
            }
        }
        if update.incarnation.generation > current.incarnation.generation {
            records[name] = new
            return .changed(Self.events(replacing: current, with: new))
        }
        guard update.incarnation.generation == current.incarnation.generation,
            current.status.isLive,
            update.node == current.node  // one run has one address; another is a conflict, ignored
        else { return .stale }

        var next = current
        next.changedAt = now
        switch new.status {
        case .dead, .left:
            next.status = new.status
            next.incarnation = max(current.incarnation, new.incarnation)
            records[name] = next
            return .changed([new.status == .dead ? .dead(next.member) : .left(next.member)])
        case .suspect:
            if new.incarnation == current.incarnation && current.status == .suspect { return .sameSuspicion }
            guard new.incarnation >= current.incarnation else { return .stale }
            next.status = .suspect
            next.incarnation = new.incarnation
            records[name] = next
            return .changed(current.status == .alive ? [.suspect(next.member)] : [])
        case .alive:
            guard new.incarnation > current.incarnation else { return .stale }
            next.status = .alive
            next.incarnation = new.incarnation
            records[name] = next
            return .changed(current.status == .suspect ? [.aliveAgain(next.member)] : [])
        }
    }

    /// Events when a higher generation replaces `current`: the old run ends, then the new one's state.
    private static func events(replacing current: Record, with new: Record) -> [MemberEvent] {
        var events: [MemberEvent] = []
        var oldRun = current.member
        oldRun.status = .dead
        switch (current.status.isLive, new.status) {
        case (true, .alive): events = [.dead(oldRun), .joined(new.member)]
        case (true, .suspect): events = [.dead(oldRun), .joined(new.member), .suspect(new.member)]
        case (true, .dead): events = [.dead(new.member)]
        case (true, .left): events = [.left(new.member)]
        case (false, .alive): events = [.joined(new.member)]
        case (false, .suspect): events = [.joined(new.member), .suspect(new.member)]
        case (false, .dead), (false, .left): events = []
        }
        return events
    }

    /// Forgets every dead member (left ones stay: a clean leave is not a verdict of this node's).
    mutating func forgetDead() {
        records = records.filter { $0.value.status != .dead }
    }

    /// Forgets dead and left members whose tombstones are older than `lifetime`.
    mutating func expireTombstones(now: MembershipInstant, lifetime: Duration) {
        records = records.filter { $0.value.status.isLive || now - $0.value.changedAt < lifetime }
    }
}
