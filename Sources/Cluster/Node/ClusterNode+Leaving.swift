import Reactor

// A clean leave: tell everyone, let the sends drain, close the link.
extension ClusterNode {
    /// Leaves the cluster cleanly: tells every live member at once (they report this node left, not
    /// dead), waits until those messages are written (at most `leaveFlushTimeout`), stops the link,
    /// then calls `done` on the loop. The delegate hears nothing more; the node cannot start again.
    public func leave(then done: @escaping () -> Void) {
        precondition(loop.inLoop, "ClusterNode.leave(then:) must run on the node's loop")
        guard phase == .running else {
            if phase == .idle { stop() }
            done()
            return
        }
        configuration.log(.leaving(node: name))
        membershipEvent { $0.leave(now: $1) }
        phase = .leaving
        if let tickTimer { loop.cancel(tickTimer) }
        tickTimer = nil
        ownCounters.heldMessagesDropped += held.expire(now: .init(nanoseconds: .max)).droppedMessages
        // Frames go out at the end of the loop iteration, in a timer due now; this one runs after it.
        let deadline = loop.now + configuration.leaveFlushTimeout
        loop.schedule(at: loop.now) { [self] in finishLeaving(by: deadline, then: done) }
    }

    /// Stops once nothing is queued for any peer, or at `deadline`; checks every millisecond.
    private func finishLeaving(by deadline: MonotonicInstant, then done: @escaping () -> Void) {
        guard phase == .leaving else {
            done()  // stop() came first
            return
        }
        let draining = link.connectedPeers.contains { (link.queuedBytes(to: $0.name) ?? 0) > 0 }
        if draining && loop.now < deadline {
            loop.schedule(after: .milliseconds(1)) { [self] in finishLeaving(by: deadline, then: done) }
            return
        }
        stop()
        done()
    }
}
