import Reactor
import WebSocket

extension WebSocketConnection {
    /// Schedules the connection's single timer for the next moment something
    /// could be due. Activity does not touch the timer: when it fires, it
    /// compares against `lastReceivedAt` and re-arms, so a busy connection
    /// costs one timer operation per ping interval, not one per message.
    func armTimer() {
        guard let deadline = nextDeadline() else { return }
        if let current = timerDeadline, current <= deadline, timer != nil { return }
        if let timer { loop.cancel(timer) }
        timerDeadline = deadline
        timer = loop.schedule(at: deadline) { [unowned self] in
            timer = nil
            timerDeadline = nil
            timerFired()
        }
    }

    private func nextDeadline() -> MonotonicInstant? {
        let configuration = context.configuration
        switch phase {
        case .connecting, .tlsHandshake, .awaitingRequest, .awaitingResponse:
            return phaseStartedAt + configuration.handshakeTimeout
        case .open where closing.state == .closeSent, .finishing:
            return phaseStartedAt + configuration.closeTimeout
        case .open:
            return lastReceivedAt + (pingOutstanding ? configuration.idleTimeout : configuration.pingInterval)
        case .closed:
            return nil
        }
    }

    private func timerFired() {
        let now = loop.now
        let configuration = context.configuration
        switch phase {
        case .connecting, .tlsHandshake, .awaitingRequest, .awaitingResponse:
            if now >= phaseStartedAt + configuration.handshakeTimeout {
                context.counters.handshakeTimeouts += 1
                fail(.timedOut)
                return
            }
        case .open where closing.state == .closeSent, .finishing:
            if now >= phaseStartedAt + configuration.closeTimeout {
                perform(closing.closeTimedOut())
                teardown()
                return
            }
        case .open:
            let silent = now - lastReceivedAt
            if silent >= configuration.idleTimeout {
                context.counters.idleTimeouts += 1
                close(.goingAway, reason: "idle timeout")
            } else if silent >= configuration.pingInterval, !pingOutstanding {
                pingOutstanding = true
                enqueueFrame(.ping, UnsafeRawBufferPointer(start: nil, count: 0))
            }
        case .closed:
            return
        }
        armTimer()
    }
}
