// Merging news, refuting and restarting, suspicion timers, and building outgoing messages.

extension SWIMInstance {
    /// Merges one piece of news: about this node by the self rules, about others by `MemberList`'s rules.
    mutating func absorb(_ update: MemberUpdate, now: MembershipInstant) {
        let name = update.node.name
        if name == myself.name {
            absorbAboutMyself(update)
            return
        }
        if case .suspect(let suspecter) = update.status, suspecter.name == name { return }  // nonsense
        let before = memberList[name]
        switch memberList.apply(update, now: now) {
        case .stale:
            return
        case .sameSuspicion:
            // Another suspecter agrees: the timer shrinks, and the news is worth passing on.
            if case .suspect(let suspecter) = update.status, suspicions[name]?.confirm(by: suspecter) == true {
                enqueue(update)
            }
        case .changed(let events):
            output += events.map { .memberChanged($0) }
            enqueue(update)
            guard let after = memberList[name] else { return }
            if after.status == .suspect, case .suspect(let suspecter) = update.status {
                startSuspicion(of: after, firstSuspecter: suspecter, now: now)
            } else if after.status != .suspect {
                suspicions[name] = nil
            }
            let isNewRun = before.map { !$0.status.isLive || $0.incarnation.generation != after.incarnation.generation } ?? true
            if after.status.isLive && isNewRun { probeOrder.insert(name, random: &random) }
        }
    }

    /// News about this node: its own view of itself always wins.
    /// - about an older run: ignored;
    /// - about a newer run, or a refutation count this run never had: a previous process of this node
    ///   got further, so this one moves past it to a new generation;
    /// - suspect at the current count: refute (bump the count, gossip alive);
    /// - suspect at an older count: someone missed the refutation, so gossip it again;
    /// - dead or left in this run: declared dead, so restart as a new generation.
    mutating func absorbAboutMyself(_ update: MemberUpdate) {
        let theirs = update.incarnation
        if theirs.generation < incarnation.generation { return }
        if theirs > incarnation {
            restart(after: theirs.generation)
            return
        }
        switch update.status {
        case .alive:
            return
        case .suspect:
            if theirs == incarnation {
                guard incarnation.refutations < .max else {
                    restart(after: incarnation.generation)
                    return
                }
                incarnation.refutations += 1
                awareness.apply(1)  // Lifeguard: being suspected hints that this node is slow
            }
            enqueue(aliveUpdate)
        case .dead, .left:
            restart(after: incarnation.generation)
        }
    }

    /// Moves to the generation after `generation`, tells the shell, and re-joins through every seed.
    ///
    /// The death verdicts this node holds are forgotten, and news waiting to be piggy-backed is dropped:
    /// a node declared dead was cut off or stalled, so what it concluded about others then is not spread
    /// under its new run (the members it held dead that are alive would take that for their own death and
    /// restart too). It learns the cluster again from the seeds' answers, which carry their tombstones.
    mutating func restart(after generation: UInt64) {
        guard generation < .max else { return }  // cannot move past it; keep the current run
        incarnation = Incarnation(generation: generation + 1)
        output.append(.restartWithNewIncarnation(incarnation))
        memberList.forgetDead()
        queue = DisseminationQueue()
        enqueue(aliveUpdate)
        for seed in seeds { sendToSeed(.join(state: fullState()), address: seed) }
    }

    /// Starts the suspicion timer of `record`, scaled by log n, with Lifeguard's confirmation target.
    mutating func startSuspicion(of record: MemberList.Record, firstSuspecter: NodeID, now: MembershipInstant) {
        let live = memberList.liveNames.count + 1
        let scale = clusterSizeScale(live)
        suspicions[record.node.name] = Suspicion(
            incarnation: record.incarnation, firstSuspecter: firstSuspecter, startedAt: now,
            minimum: settings.suspicionTimeoutMin.scaled(by: scale),
            maximum: settings.suspicionTimeoutMax.scaled(by: scale),
            confirmationsWanted: min(settings.suspicionConfirmations, max(0, live - 2)))
    }

    /// Queues news for piggy-backing and for the eager push at the end of the event.
    mutating func enqueue(_ update: MemberUpdate) {
        queue.enqueue(update)
        learnedNews = true
    }

    /// How many times each update is piggy-backed in a cluster of the current size.
    var transmitLimit: Int {
        DisseminationQueue.transmitLimit(multiplier: settings.retransmitMultiplier, liveMembers: memberList.liveNames.count + 1)
    }

    /// What this node holds against `name`, if it is not simply alive: sent to it first (Lifeguard's buddy
    /// system), so a suspect refutes and a member held dead restarts.
    func newsForRecipient(_ name: String) -> MemberUpdate? {
        guard let record = memberList[name] else { return nil }
        switch record.status {
        case .alive:
            return nil
        case .suspect:
            let suspecter = suspicions[name]?.firstSuspecter ?? myself
            return MemberUpdate(node: record.node, incarnation: record.incarnation, status: .suspect(by: suspecter))
        case .dead:
            return MemberUpdate(node: record.node, incarnation: record.incarnation, status: .dead)
        case .left:
            return MemberUpdate(node: record.node, incarnation: record.incarnation, status: .left)
        }
    }

    /// Sends `kind` to `node` with piggy-backed gossip.
    mutating func send(_ kind: MembershipMessage.Kind, to node: NodeID) {
        var gossip: [MemberUpdate] = []
        let buddy = newsForRecipient(node.name)
        if let buddy { gossip.append(buddy) }
        gossip += queue.take(
            settings.maxGossipPerMessage - gossip.count, transmitLimit: transmitLimit,
            excluding: buddy == nil ? nil : node.name)
        output.append(.send(MembershipMessage(kind, gossip: gossip), to: node))
        messagedThisEvent.insert(node.name)
    }

    /// Sends `kind` to the seed at `address` with piggy-backed gossip.
    mutating func sendToSeed(_ kind: MembershipMessage.Kind, address: String) {
        let gossip = queue.take(settings.maxGossipPerMessage, transmitLimit: transmitLimit)
        output.append(.sendToSeed(MembershipMessage(kind, gossip: gossip), address: address))
    }

    /// This node's full view for a join: itself, the live members, then tombstones, within the codec's limit.
    func fullState() -> [MemberUpdate] {
        let records = memberList.sortedRecords
        let ordered = records.filter { $0.status.isLive } + records.filter { !$0.status.isLive }
        let others = ordered.prefix(MembershipMessage.maxStateEntries - 1).map { record in
            newsForRecipient(record.node.name) ?? MemberUpdate(node: record.node, incarnation: record.incarnation, status: .alive)
        }
        return [hasLeft ? leftUpdate : aliveUpdate] + others
    }

    /// Ends an event: pushes news learned in it to `gossipFanout` live members not yet messaged (nor
    /// `excluded`, who sent it), asks for the next tick when it changed, and hands over the directives.
    mutating func finish(now: MembershipInstant, alwaysSchedule: Bool = false, excluding excluded: String? = nil) -> [MembershipDirective] {
        if !hasLeft {
            if nextProbeAt == nil {
                nextProbeAt = now + awareness.scaled(settings.protocolPeriod)
                nextRejoinAt = nextRejoinAt ?? now + settings.rejoinInterval
            }
            if learnedNews && settings.gossipFanout > 0 {
                let candidates = memberList.liveNames.filter { !messagedThisEvent.contains($0) && $0 != excluded }
                for name in random.pick(settings.gossipFanout, from: candidates) {
                    if let record = memberList[name] { send(.gossip, to: record.node) }
                }
            }
            if let next = nextTickDeadline, alwaysSchedule || next != announcedTick {
                output.append(.scheduleTick(at: next))
                announcedTick = next
            }
        }
        learnedNews = false
        messagedThisEvent = []
        defer { output = [] }
        return output
    }
}
