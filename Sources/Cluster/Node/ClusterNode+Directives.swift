import Membership
import Reactor

// Feeding the membership core and performing what it asks: sends, member changes, restarts, ticks.
extension ClusterNode {
    /// The loop's time on the core's clock (both count nanoseconds on the monotonic clock).
    var membershipNow: MembershipInstant { MembershipInstant(nanoseconds: loop.now.nanoseconds) }

    /// Hands one event to the core, then performs the directives it returns.
    func membershipEvent(_ event: (inout SWIMInstance, MembershipInstant) -> [MembershipDirective]) {
        guard phase == .running || phase == .leaving, swim != nil else { return }
        let now = membershipNow
        let directives = event(&swim!, now)
        perform(directives)
    }

    /// Performs `directives` in order, and any that callbacks during them add after them.
    func perform(_ directives: [MembershipDirective]) {
        pendingDirectives += directives
        guard !performingDirectives else { return }
        performingDirectives = true
        defer { performingDirectives = false }
        while !pendingDirectives.isEmpty {
            let directive = pendingDirectives.removeFirst()
            guard phase != .stopped else { break }  // the delegate stopped the node
            perform(directive)
        }
        pendingDirectives = []
    }

    private func perform(_ directive: MembershipDirective) {
        switch directive {
        case .send(let message, let node):
            sendMembership(message.encode(), to: node)
        case .sendToSeed(let message, let address):
            sendToSeed(message.encode(), address: address)
        case .memberChanged(let event):
            memberChanged(event)
        case .restartWithNewIncarnation(let incarnation):
            restarted(as: incarnation)
        case .scheduleTick(let instant):
            scheduleTick(at: MonotonicInstant(nanoseconds: instant.nanoseconds))
        }
    }

    // MARK: Sending membership messages

    /// Sends an encoded message to `node`; waits for the link if it is a live member being dialed.
    func sendMembership(_ bytes: [UInt8], to node: NodeID) {
        if link.isConnected(to: node.name) {
            sendNow(bytes, to: node.name)
        } else if phase == .running, let member = swim?.member(named: node.name), member.status.isLive {
            dial(member.node)
            hold(bytes, for: .member(node.name))
        } else {
            ownCounters.membershipSendsDropped += 1
        }
    }

    /// Queues an encoded message on the link to `peerName`.
    func sendNow(_ bytes: [UInt8], to peerName: String) {
        if link.send(bytes, channel: .membership, to: peerName).isQueued {
            ownCounters.membershipMessagesSent += 1
        } else {
            ownCounters.membershipSendsDropped += 1
        }
    }

    func hold(_ bytes: [UInt8], for destination: HeldMembershipMessages.Destination) {
        ownCounters.membershipMessagesHeld += 1
        ownCounters.heldMessagesDropped += held.hold(bytes, for: destination, now: loop.now)
    }

    /// Tells `peerName` this node's current run, so it knows it before any frame of the layers above
    /// (see the type's documentation).
    func sendOwnRun(to peerName: String) {
        guard let swim, !swim.hasLeft else { return }
        let update = MemberUpdate(node: swim.myself, incarnation: swim.incarnation, status: .alive)
        sendNow(MembershipMessage(.gossip, gossip: [update]).encode(), to: peerName)
    }

    /// Keeps a link to the member `node` (the link redials it until told otherwise).
    func dial(_ node: NodeID) {
        guard let address = ClusterPeerAddress(node.address, name: node.name) else { return }
        link.connect(to: address)
    }

    // MARK: Member changes

    private func memberChanged(_ event: MemberEvent) {
        ownCounters.membershipEvents += 1
        let member = event.member
        let name = member.node.name
        switch event {
        case .joined:
            ownCounters.membersJoined += 1
            configuration.log(.joined(member))
            dial(member.node)
            delegate?.clusterMemberJoined(name)
            if link.isConnected(to: name), isLive(name) { delegate?.clusterLinkUp(name) }
        case .suspect:
            ownCounters.membersSuspected += 1
            configuration.log(.suspected(member))
        case .aliveAgain:
            ownCounters.membersAliveAgain += 1
            configuration.log(.aliveAgain(member))
        case .dead:
            // The core reports a restarted member's old run dead; say which it was.
            if let current = swim?.member(named: name), current.status.isLive,
                current.incarnation.generation > member.incarnation.generation
            {
                ownCounters.membersRestarted += 1
                configuration.log(.replacedByNewRun(member))
            } else {
                ownCounters.membersDeclaredDead += 1
                configuration.log(.declaredDead(member))
            }
            memberDeparted(member, dead: true)
        case .left:
            ownCounters.membersLeft += 1
            configuration.log(.left(member))
            memberDeparted(member, dead: false)
        }
    }

    /// A member's run is over: stop dialing it and tell the delegate.
    private func memberDeparted(_ member: Member, dead: Bool) {
        let name = member.node.name
        // A restart at the same address reports the old run dead and the new one joined in the same
        // batch: the link may already be the new process's, so keep it.
        let current = swim?.member(named: name)
        let newRunAtSameAddress = current.map { $0.status.isLive && $0.node.address == member.node.address } ?? false
        if !newRunAtSameAddress {
            ownCounters.heldMessagesDropped += held.take(for: .member(name)).count
            if let address = ClusterPeerAddress(member.node.address) { link.disconnect(from: address) }
        }
        delegate?.clusterMemberLeft(name, dead: dead)
    }

    private func restarted(as incarnation: Incarnation) {
        ownCounters.restarts += 1
        configuration.log(.restarted(incarnation))
        // Messages the ended run held for links being dialed carry its verdicts (from a partition,
        // say): they are not sent. The new run's join follows this directive and is held afresh.
        ownCounters.heldMessagesDropped += held.expire(now: .init(nanoseconds: .max)).droppedMessages
        for peer in link.connectedPeers { sendOwnRun(to: peer.name) }
        delegate?.clusterRestarted()
    }

    // MARK: Ticks

    /// Arms the one timer for the core's next tick, replacing the previous one.
    private func scheduleTick(at deadline: MonotonicInstant) {
        if let tickTimer { loop.cancel(tickTimer) }
        tickTimer = loop.schedule(at: deadline) { [weak self] in self?.tickDue() }
    }

    private func tickDue() {
        tickTimer = nil
        guard phase == .running else { return }
        membershipEvent { $0.tick(now: $1) }
        expireHeldMessages()
        if let due = nextSeedResolutionAt, loop.now >= due { resolveSeeds() }
    }
}
