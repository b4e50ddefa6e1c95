// Deadlines: probe phases, relayed probes, suspicion timers, the protocol period and re-joins.

extension SWIMInstance {
    /// Handles every deadline that has passed: starts the next probe, moves timed-out probes to relays or
    /// to suspicion, declares dead the suspects whose timers ran out, answers `nack` for relayed probes
    /// that got no answer, re-joins through a seed, forgets old tombstones. Ends with `scheduleTick(at:)`.
    public mutating func tick(now: MembershipInstant) -> [MembershipDirective] {
        guard !hasLeft else { return [] }
        if let asked = announcedTick, now - asked > settings.stallThreshold {
            recoverFromStall(lag: now - asked, now: now)
        }
        expireRelayedProbes(now: now)
        expireProbes(now: now)
        expireSuspicions(now: now)
        memberList.expireTombstones(now: now, lifetime: settings.tombstoneLifetime)
        if let due = nextProbeAt, now >= due {
            probeNextMember(now: now)
            nextProbeAt = now + awareness.scaled(settings.protocolPeriod)
        }
        if let due = nextRejoinAt, now >= due {
            rejoin()
            nextRejoinAt = now + settings.rejoinInterval
        }
        return finish(now: now, alwaysSchedule: true)
    }

    /// This process did not run for `lag` (or ran far behind): nothing it waited for could be read in that
    /// time, so every pending verdict moves back by `lag`, and at least `probeTimeout` from now, so the
    /// replies already waiting are read first. Local health worsens.
    mutating func recoverFromStall(lag: Duration, now: MembershipInstant) {
        awareness.apply(1)
        let earliest = now + settings.probeTimeout
        for (sequence, probe) in probes {
            probes[sequence]?.deadline = max(probe.deadline + lag, earliest)
        }
        for (sequence, relayed) in relayedProbes {
            relayedProbes[sequence]?.deadline = max(relayed.deadline + lag, earliest)
        }
        for (name, suspicion) in suspicions {
            suspicions[name]?.postpone(by: max(suspicion.deadline + lag, earliest) - suspicion.deadline)
        }
    }

    /// Relayed probes whose target did not answer in time: tell the origin with a `nack` (Lifeguard).
    mutating func expireRelayedProbes(now: MembershipInstant) {
        for sequence in relayedProbes.keys.sorted() where relayedProbes[sequence]!.deadline <= now {
            let relayed = relayedProbes.removeValue(forKey: sequence)!
            send(.nack(sequence: relayed.originSequence), to: relayed.origin)
        }
    }

    /// Direct probes that timed out go to relays; indirect ones that timed out make the target suspect.
    mutating func expireProbes(now: MembershipInstant) {
        for sequence in probes.keys.sorted() {
            guard let probe = probes[sequence], probe.deadline <= now else { continue }
            guard let record = memberList[probe.target.name], record.status.isLive else {
                probes[sequence] = nil  // the target died or left meanwhile
                continue
            }
            switch probe.phase {
            case .direct:
                askRelays(sequence: sequence, target: record.node, now: now)
            case .indirect(let relays, let nacks):
                probes[sequence] = nil
                // Lifeguard: relays that did not even nack point at this node; with no relays, any failure does.
                awareness.apply(relays > 0 ? relays - nacks : 1)
                absorb(MemberUpdate(node: record.node, incarnation: record.incarnation, status: .suspect(by: myself)), now: now)
                // Tell the target now rather than on the next probe of it, so a slow node refutes in time.
                send(.gossip, to: record.node)
            }
        }
    }

    /// Asks up to `indirectProbeCount` alive members to probe `target`, and waits for them.
    mutating func askRelays(sequence: UInt64, target: NodeID, now: MembershipInstant) {
        let candidates = memberList.aliveNames.filter { $0 != target.name }
        let relays = random.pick(settings.indirectProbeCount, from: candidates)
        for name in relays {
            guard let relay = memberList[name] else { continue }
            send(.pingRequest(sequence: sequence, target: target), to: relay.node)
        }
        probes[sequence] = Probe(
            target: target, phase: .indirect(relays: relays.count, nacks: 0),
            deadline: now + awareness.scaled(settings.indirectProbeTimeout))
    }

    /// Suspects whose timers ran out are declared dead.
    mutating func expireSuspicions(now: MembershipInstant) {
        for name in suspicions.keys.sorted() {
            guard let suspicion = suspicions[name], suspicion.deadline <= now else { continue }
            suspicions[name] = nil
            guard let record = memberList[name], record.status == .suspect, record.incarnation == suspicion.incarnation else {
                continue
            }
            absorb(MemberUpdate(node: record.node, incarnation: record.incarnation, status: .dead), now: now)
        }
    }

    /// Starts the protocol period's probe of the next member in the round, unless it is being probed.
    mutating func probeNextMember(now: MembershipInstant) {
        guard let name = probeOrder.next(live: memberList.liveNames, random: &random), let record = memberList[name],
            !probes.values.contains(where: { $0.target.name == name })
        else { return }
        let sequence = takeSequence()
        probes[sequence] = Probe(target: record.node, phase: .direct, deadline: now + awareness.scaled(settings.probeTimeout))
        send(.ping(sequence: sequence), to: record.node)
    }

    /// Pushes the full state to the next seed, or to every seed while this node knows no live member.
    mutating func rejoin() {
        guard !seeds.isEmpty else { return }
        if memberList.liveNames.isEmpty {
            for seed in seeds { sendToSeed(.join(state: fullState()), address: seed) }
        } else {
            sendToSeed(.join(state: fullState()), address: seeds[nextRejoinSeed % seeds.count])
            nextRejoinSeed += 1
        }
    }
}
