import ClusterWire
import Reactor

extension ClusterConnection {
    /// Outbox capacity kept after it empties; a bigger one (after a burst) is released.
    static let retainedOutboxBytes = 64 * 1024

    /// Queues a data frame for the peer.
    func sendData(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel) -> ClusterSendResult {
        guard isEstablished else { return .notConnected }
        let configuration = link.configuration
        guard queuedBytes + ClusterFrameHeader.byteCount + payload.count <= configuration.maxQueuedBytes else {
            dropSlowPeer()
            return .peerTooSlow
        }
        let framed = link.encoder.append(.data, channel: channel, payload: payload, to: &outbox)
        precondition(framed, "the link checks the payload size before the connection")
        link.counters.framesSent += 1
        if queuedBytes > configuration.pauseReadingQueuedBytes, !readingPaused {
            // Back-pressure: while the peer does not take our bytes, stop taking its.
            readingPaused = true
            updateInterest()
        }
        requestFlush()
        return .queued
    }

    /// Queues raw bytes (whole frames) and arranges for them to be written.
    func enqueue(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, phase != .closed else { return }
        outbox.append(contentsOf: bytes)
        requestFlush()
    }

    /// Writes at the end of the read pass when corked; otherwise at the end
    /// of this loop iteration, so many sends in one handler or timer tick
    /// leave in one system call. `loop.now` is the iteration's time, so the
    /// timer is already due and runs before the loop waits again.
    func requestFlush() {
        guard !corked, !flushScheduled, phase != .closed else { return }
        flushScheduled = true
        loop.schedule(at: loop.now) { [weak self] in
            guard let self else { return }
            flushScheduled = false
            flush()
        }
    }

    /// Writes what the kernel takes; the rest waits for writability.
    func flush() {
        guard phase != .closed, phase != .connecting, phase != .tlsHandshake else { return }
        guard flushOnce() else {
            teardown()
            return
        }
        if queuedBytes == 0 {
            if outbox.count > Self.retainedOutboxBytes {
                outbox = []
            } else {
                outbox.removeAll(keepingCapacity: true)
            }
            outboxSent = 0
            if phase == .closing { finishClosing() }
        } else if outboxSent > Self.retainedOutboxBytes, outboxSent * 2 > outbox.count {
            outbox.removeFirst(outboxSent)
            outboxSent = 0
        }
        // Resume reading once the queue has drained well below the pause mark (hysteresis).
        if readingPaused, phase != .closing, queuedBytes <= link.configuration.pauseReadingQueuedBytes / 2 {
            readingPaused = false
        }
        updateInterest()
    }

    /// Writes until the kernel stops taking bytes; false when the connection failed.
    @discardableResult
    func flushOnce() -> Bool {
        while queuedBytes > 0 {
            let outcome = outbox.withUnsafeBytes { raw in
                transport.write(UnsafeRawBufferPointer(rebasing: raw[outboxSent...]))
            }
            switch outcome {
            case .bytes(let count): outboxSent += count
            case .wouldBlock, .endOfFile: return true
            case .failed: return false
            }
        }
        return true
    }

    /// The queue to this peer passed the cap. The link is dropped after the
    /// caller's send returns (never from inside it), so the caller never
    /// hears `peerDisconnected` in the middle of its own loop.
    private func dropSlowPeer() {
        link.counters.slowPeersDropped += 1
        link.configuration.log(.slowPeerDropped(connection: id, peer: peer?.description ?? remote, queuedBytes: queuedBytes))
        link.connectionRetired(self, reason: .slowPeer, deferNotification: true)
        transport.socket.setAbortOnClose()
        loop.schedule(at: loop.now) { [weak self] in self?.teardown() }
    }
}
