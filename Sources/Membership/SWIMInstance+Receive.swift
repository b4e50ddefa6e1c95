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
