import Protocol
import Reactor

extension RoostClient {
    /// Opens a new connection; its callbacks carry this connection's generation.
    func connect() {
        attempt += 1
        generation += 1
        let current = generation
        setState(.connecting(attempt: attempt))
        let callbacks = ProtocolConnection.Callbacks(
            opened: { [weak self] in self?.opened(generation: current) },
            event: { [weak self] event in self?.received(event, generation: current) },
            failed: { [weak self] why in self?.failed(why, generation: current) })
        do throws(RoostClientError) {
            connection = try ProtocolConnection.open(to: url, options: options, on: loop, callbacks: callbacks)
        } catch {
            failed(error.reason, generation: current)
        }
    }

    private func opened(generation: Int) {
        guard generation == self.generation else { return }
        _ = transmit(.hello(session.makeHello()), cid: 0)
        setState(.greeting)
        helloTimer = loop.schedule(after: helloTimeout) { [weak self] in
            guard let self, generation == self.generation else { return }
            // No welcome: treat the connection as dead; its close starts the reconnect.
            self.helloTimer = nil
            self.connection?.abort()
        }
    }

    private func received(_ event: ClientEvent, generation: Int) {
        guard generation == self.generation else { return }
        switch event {
        case .message(let message):
            receivedMessage(message)
        case .undecodable(let text, let error):
            onEvent(.undecodable(text: text, error: error))
        case .closed(let close):
            connection = nil
            cancelTimers()
            let advice = session.connectionEnded(close)
            if stopping {
                setState(.stopped(close))
            } else {
                scheduleReconnect(after: advice, close: close)
            }
        }
    }

    private func receivedMessage(_ message: ReceivedMessage) {
        switch session.received(message) {
        case .duplicate:
            return
        case .deliver:
            onEvent(.message(message))
        case .deliverAfterGap(let expected, let received):
            onEvent(.sequenceGap(expected: expected, received: received))
            onEvent(.message(message))
        case .sessionStarted(let start):
            if let helloTimer { loop.cancel(helloTimer) }
            helloTimer = nil
            backoff.succeeded()
            attempt = 0
            setState(.ready)
            onEvent(.sessionStarted(start))
            onEvent(.message(message))
            for request in start.followUps { send(request) }
        }
    }

    private func failed(_ why: String, generation: Int) {
        guard generation == self.generation else { return }
        connection = nil
        cancelTimers()
        onEvent(.connectFailed(why))
        if stopping {
            setState(.stopped(nil))
        } else {
            scheduleReconnect(after: .backOffAndResume, close: nil)
        }
    }

    private func scheduleReconnect(after advice: CloseCodes.Advice, close: ConnectionClose?) {
        guard let delay = backoff.nextDelay(after: advice, using: &random) else {
            setState(.stopped(close))
            return
        }
        setState(.waitingToReconnect(attempt: attempt + 1, delay: delay, after: close))
        reconnectTimer = loop.schedule(after: delay) { [weak self] in
            guard let self else { return }
            self.reconnectTimer = nil
            self.connect()
        }
    }
}
