// Incoming messages.

extension SWIMInstance {
    /// Handles a message `sender` sent (the link authenticated the sender): merges its gossip, then
    /// answers it. Messages from this node itself or from an invalid identity are ignored.
    public mutating func received(_ message: MembershipMessage, from sender: NodeID, now: MembershipInstant) -> [MembershipDirective] {
        guard sender.isValid, sender.name != myself.name else { return [] }
        guard !hasLeft else {
            // Whoever missed the leave hears it again instead of suspecting this node.
            if case .ping(let sequence) = message.kind {
                output.append(.send(MembershipMessage(.ack(sequence: sequence), gossip: [leftUpdate]), to: sender))
            }
            return finish(now: now)
        }
        if isFromAnEndedRun(message, sender: sender) {
            // Built by a run older than the sender's newest known one: one that has since ended (the
            // message waited in a queue while a link was down), whose conclusions, during a partition
            // say, are not news any more; or a new process that started at an older generation than its
            // predecessor, which the answer's state moves past it.
            return answerDeparted(message, from: sender, now: now)
        }
        if isDeparted(sender.name) {
            // Its news about itself may be a newer run; then it is a member like any other.
            for update in news(in: message) where update.node.name == sender.name { absorb(update, now: now) }
            if isDeparted(sender.name) && !losesMutualDeath(to: message, from: sender) {
                return answerDeparted(message, from: sender, now: now)
            }
        }
        // Gossip first, so an answer carries what it taught (a refutation, say).
        for update in message.gossip { absorb(update, now: now) }
        var exchangedState = false
        switch message.kind {
        case .ping(let sequence):
            send(.ack(sequence: sequence), to: sender)
        case .pingRequest(let sequence, let target):
            relayProbe(sequence: sequence, target: target, origin: sender, now: now)
        case .ack(let sequence):
            receivedAck(sequence: sequence)
        case .nack(let sequence):
            if let probe = probes[sequence], case .indirect(let relays, let nacks) = probe.phase {
                probes[sequence]?.phase = .indirect(relays: relays, nacks: nacks + 1)
            }
        case .join(let state):
            for update in state { absorb(update, now: now) }
            send(.joinAck(state: fullState()), to: sender)
            exchangedState = true
        case .joinAck(let state):
            for update in state { absorb(update, now: now) }
            exchangedState = true
        case .gossip:
            break
        }
        if !exchangedState && memberList[sender.name] == nil {
            // A node that knows us but we know nothing of: exchange full states with it.
            send(.join(state: fullState()), to: sender)
        }
        return finish(now: now, excluding: sender.name)
    }

    /// An `ack` ends this node's probe, or is relayed to the node that asked for the probe.
    mutating func receivedAck(sequence: UInt64) {
        if probes.removeValue(forKey: sequence) != nil {
            awareness.apply(-1)
        } else if let relayed = relayedProbes.removeValue(forKey: sequence) {
            send(.ack(sequence: relayed.originSequence), to: relayed.origin)
        }
        // Otherwise a late answer to a probe already settled.
    }

    /// Probes `target` for `origin`: its `ack` goes back under the origin's sequence number, or a `nack`
    /// after `probeTimeout`.
    mutating func relayProbe(sequence: UInt64, target: NodeID, origin: NodeID, now: MembershipInstant) {
        if target.name == myself.name {
            send(.ack(sequence: sequence), to: origin)
            return
        }
        guard relayedProbes.count < Self.maxRelayedProbes else { return }
        let ownSequence = takeSequence()
        relayedProbes[ownSequence] = RelayedProbe(origin: origin, originSequence: sequence, deadline: now + settings.probeTimeout)
        send(.ping(sequence: ownSequence), to: target)
    }
}

// A run this node holds over (dead or left) still talking: across a healed partition, or frames that
// waited in TCP buffers during it.
extension SWIMInstance {
    /// Whether `name` is another member whose run this node holds dead or left.
    func isDeparted(_ name: String) -> Bool {
        memberList[name].map { !$0.status.isLive } ?? false
    }

    /// Whether `message` names its sender at an older generation than this node knows the sender at.
    func isFromAnEndedRun(_ message: MembershipMessage, sender: NodeID) -> Bool {
        guard let known = memberList[sender.name],
            let claimed = news(in: message).first(where: { $0.node.name == sender.name })
        else { return false }
        return claimed.incarnation.generation < known.incarnation.generation
    }

    /// Everything `message` says about members: its gossip, then a join's state.
    func news(in message: MembershipMessage) -> [MemberUpdate] {
        switch message.kind {
        case .join(let state), .joinAck(let state): message.gossip + state
        default: message.gossip
        }
    }

    /// Answers a run this node holds over without believing its news about anyone else: what it concluded
    /// about others comes from the other side of a partition (or from before it was declared dead), and
    /// taking its verdicts would end runs that were never lost here. Every answer tells it that it is dead
    /// (`newsForRecipient`), so it restarts and joins again as a new run.
    mutating func answerDeparted(_ message: MembershipMessage, from sender: NodeID, now: MembershipInstant) -> [MembershipDirective] {
        switch message.kind {
        case .ping(let sequence): send(.ack(sequence: sequence), to: sender)
        case .join: send(.joinAck(state: fullState()), to: sender)
        case .pingRequest, .ack, .nack, .joinAck, .gossip: break
        }
        return finish(now: now, excluding: sender.name)
    }

    /// A departed sender that also holds this node's run dead: both sides of a partition declared the other
    /// dead. One side must restart for the views to merge, and it should be the smaller one, so the larger
    /// side's members keep the runs (and everything above that hangs on them) they never lost among
    /// themselves. Decided from a full state (`join`, `joinAck`): the side whose live view is smaller
    /// restarts; on a tie, the node with the larger name. When this node loses, it restarts now (which
    /// forgets its own death verdicts, see `restart(after:)`), and the message is then taken as from any
    /// member.
    mutating func losesMutualDeath(to message: MembershipMessage, from sender: NodeID) -> Bool {
        switch message.kind {
        case .join(let state), .joinAck(let state): losesMutualDeath(state: state, from: sender)
        default: false
        }
    }

    private mutating func losesMutualDeath(state: [MemberUpdate], from sender: NodeID) -> Bool {
        let holdsMeDead = state.contains {
            $0.node.name == myself.name && $0.incarnation.generation == incarnation.generation && !$0.memberStatus.isLive
        }
        guard holdsMeDead else { return false }
        let theirs = state.filter { $0.memberStatus.isLive }.count
        let mine = memberList.liveNames.count + 1
        guard mine < theirs || (mine == theirs && myself.name > sender.name) else { return false }
        restart(after: incarnation.generation)
        return true
    }
}
