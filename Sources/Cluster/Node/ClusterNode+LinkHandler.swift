import Membership

// What the link reports: peers coming and going, and frames.
extension ClusterNode: ClusterLinkHandler {
    public func peerConnected(_ peer: ClusterPeer) {
        guard phase == .running else { return }
        sendOwnRun(to: peer.name)
        sendHeldMessages(to: peer)
        // A peer not in the view yet (joining) gets `clusterLinkUp` once it has joined.
        if isLive(peer.name) { delegate?.clusterLinkUp(peer.name) }
    }

    public func peerDisconnected(_ peer: ClusterPeer, reason: ClusterDisconnectReason) {
        guard phase == .running else { return }
        membershipEvent { $0.linkFailed(to: NodeID(name: peer.name, address: peer.address), now: $1) }
    }

    public func received(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, from peer: ClusterPeer) {
        if channel == .membership {
            // Also while leaving: the core answers pings with the leave.
            guard phase == .running || phase == .leaving else { return }
            switch MembershipMessage.decode(payload) {
            case .success(let message):
                ownCounters.membershipMessagesReceived += 1
                membershipEvent { $0.received(message, from: NodeID(name: peer.name, address: peer.address), now: $1) }
            case .failure:
                ownCounters.membershipDecodeErrors += 1
            }
            return
        }
        guard phase == .running else { return }
        // A new run of a departed member announces itself before sending anything else (see
        // `sendOwnRun`), so what still comes under a departed run is from the old process.
        guard !isDeparted(peer.name) else {
            ownCounters.framesFromDepartedDropped += 1
            return
        }
        delegate?.clusterReceived(payload, channel: channel, from: peer.name)
    }
}
