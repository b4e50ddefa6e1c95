import Membership
import Reactor

// Seeds: the configured ones and those behind the seed DNS name, joining through them, and the
// messages that wait for a link to a seed (or to a new member) to come up.
extension ClusterNode {
    /// `seeds` as `host:port`, in order, without duplicates or this node's own address; malformed
    /// ones are logged and skipped.
    func usableSeeds(_ seeds: [String]) -> [String] {
        var usable: [String] = []
        for seed in seeds {
            guard let address = ClusterPeerAddress(seed) else {
                configuration.log(.invalidSeed(seed))
                continue
            }
            let hostPort = address.hostPort
            if !isOwnAddress(hostPort) && !usable.contains(hostPort) { usable.append(hostPort) }
        }
        return usable
    }

    /// Whether `hostPort` is where this node listens, as advertised or as bound.
    func isOwnAddress(_ hostPort: String) -> Bool {
        if let swim, ClusterPeerAddress(swim.myself.address)?.hostPort == hostPort { return true }
        return link.listeningAddress?.description == hostPort
    }

    /// Hands `seeds` to the core, which pushes its state to each and re-joins through them.
    func join(seeds: [String]) {
        joinedSeeds = seeds
        membershipEvent { $0.join(seeds: seeds, now: $1) }
    }

    // MARK: Sending to seeds

    /// Sends an encoded message to the seed at `address`: at once if a linked peer is there,
    /// otherwise once a link to the address is up (dialing it if nobody does).
    func sendToSeed(_ bytes: [UInt8], address: String) {
        guard let seed = ClusterPeerAddress(address) else {
            ownCounters.membershipSendsDropped += 1
            return
        }
        let hostPort = seed.hostPort
        if let peerName = linkedPeer(at: hostPort) {
            sendNow(bytes, to: peerName)
            return
        }
        guard phase == .running else {
            ownCounters.membershipSendsDropped += 1
            return
        }
        hold(bytes, for: .seed(hostPort))
        if link.targets[hostPort] == nil { link.connect(to: seed) }
    }

    /// The peer linked at `hostPort`: the one advertising that address, or the one found there by
    /// our dial (a seed may be named differently from what the node there advertises).
    private func linkedPeer(at hostPort: String) -> String? {
        if let learned = link.targets[hostPort]?.learnedName, link.isConnected(to: learned) { return learned }
        return link.connectedPeers.first { ClusterPeerAddress($0.address)?.hostPort == hostPort }?.name
    }

    /// `peer`'s link is up: sends what waited for it, as a seed address or as a member.
    func sendHeldMessages(to peer: ClusterPeer) {
        let advertised = ClusterPeerAddress(peer.address)?.hostPort
        for hostPort in held.seedAddresses where hostPort == advertised || link.targets[hostPort]?.learnedName == peer.name {
            for bytes in held.take(for: .seed(hostPort)) { sendNow(bytes, to: peer.name) }
        }
        for bytes in held.take(for: .member(peer.name)) { sendNow(bytes, to: peer.name) }
    }

    /// Drops what waited too long. A seed dial that has no link is given up until the next re-join,
    /// so an address with nobody there is not redialed forever. (A member's dial, which names the
    /// member, stays: the core decides when the member is gone.)
    func expireHeldMessages() {
        guard !held.isEmpty else { return }
        let (destinations, dropped) = held.expire(now: loop.now)
        ownCounters.heldMessagesDropped += dropped
        for case .seed(let hostPort) in destinations {
            guard let target = link.targets[hostPort], target.address.name == nil,
                !(target.learnedName.map(link.isConnected(to:)) ?? false), let address = ClusterPeerAddress(hostPort)
            else { continue }
            link.disconnect(from: address)
        }
    }

    // MARK: Seed DNS name

    /// Looks `seedDNSName` up off the loop; the answer comes back through `seedsResolved`.
    func resolveSeeds() {
        guard let dnsName = configuration.seedDNSName, phase == .running, !resolvingSeeds else { return }
        resolvingSeeds = true
        nextSeedResolutionAt = loop.now + configuration.membership.rejoinInterval
        let loop = self.loop
        SeedResolver.resolve(dnsName, port: configuration.seedDNSPort) { [weak self] outcome in
            loop.execute { [weak self] in self?.seedsResolved(outcome) }
        }
    }

    /// Joins again when the seeds behind the DNS name changed (a failed look-up keeps the last ones).
    func seedsResolved(_ outcome: SeedResolver.Outcome) {
        resolvingSeeds = false
        guard phase == .running, let dnsName = configuration.seedDNSName else { return }
        switch outcome {
        case .success(let seeds):
            seedResolutionFailing = false
            seedDNSAnswered = true
            dnsSeeds = seeds.filter { !isOwnAddress($0) }
        case .failure(let error):
            ownCounters.seedResolutionFailures += 1
            if !seedResolutionFailing { configuration.log(.seedResolutionFailed(name: dnsName, error: error.description)) }
            seedResolutionFailing = true
            return
        }
        var seeds = staticSeeds
        for seed in dnsSeeds where !seeds.contains(seed) { seeds.append(seed) }
        if seeds != joinedSeeds { join(seeds: seeds) }
    }
}
