import ClusterWire
import Reactor

extension ClusterConnection {
    /// Schedules the connection's single timer for the next moment something
    /// could be due. Traffic does not touch the timer: when it fires it looks
    /// at `lastReceivedAt` and re-arms, so a busy link costs one timer
    /// operation per ping interval, not one per frame.
    func armTimer() {
        guard let deadline = nextDeadline() else { return }
        if let current = timerDeadline, current <= deadline, timer != nil { return }
        if let timer { loop.cancel(timer) }
        timerDeadline = deadline
        timer = loop.schedule(at: deadline) { [weak self] in
            guard let self else { return }
            timer = nil
            timerDeadline = nil
            timerFired()
        }
    }

    private func nextDeadline() -> MonotonicInstant? {
        let configuration = link.configuration
        switch phase {
        case .connecting, .tlsHandshake, .handshaking:
            // One budget from connect or accept to authenticated, TLS included.
            return phaseStartedAt + configuration.handshakeTimeout
        case .established:
            return lastReceivedAt + (pingOutstanding ? configuration.idleTimeout : configuration.pingInterval)
        case .closing:
            return phaseStartedAt + configuration.closeTimeout
        case .closed:
            return nil
        }
    }

    private func timerFired() {
        let now = loop.now
        let configuration = link.configuration
        switch phase {
        case .connecting, .tlsHandshake:
            if now >= phaseStartedAt + configuration.handshakeTimeout {
                link.handshakeFailed(self, .timedOut)
                teardown()
                return
            }
        case .handshaking:
            if now >= phaseStartedAt + configuration.handshakeTimeout {
                perform(handshake.timedOut())
                return
            }
        case .established:
            let silent = now - lastReceivedAt
            if silent >= configuration.idleTimeout {
                link.counters.idleTimeouts += 1
                closeLink(sending: .idleTimeout, reason: .idleTimeout)
                return
            }
            if silent >= configuration.pingInterval, !pingOutstanding {
                pingOutstanding = true
                enqueue(ClusterFrameEncoder.frame(.ping))
            }
        case .closing:
            if now >= phaseStartedAt + configuration.closeTimeout {
                teardown()
                return
            }
        case .closed:
            return
        }
        armTimer()
    }
}
