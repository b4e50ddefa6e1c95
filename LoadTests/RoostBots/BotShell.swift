import Client
import Protocol
import Reactor
import RoostBotsKit

/// One bot's shell: its `RoostClient` and its `BotStateMachine`, on its loop. It turns client
/// events into calls on the machine and performs the actions the machine returns. Confined to
/// `home.loop`'s thread, like the client.
final class BotShell {
    unowned let home: BotLoop
    let index: Int
    private(set) var client: RoostClient
    private(set) var machine: BotStateMachine
    /// Whether a session is open (state `.ready`), as counted in `home.openConnections`.
    private var open = false
    private var generation = 0

    init(home: BotLoop, index: Int, configuration: BotConfiguration, seed: UInt64) {
        self.home = home
        self.index = index
        machine = BotStateMachine(name: "bot-\(index)", configuration: configuration, seed: seed)
        client = RoostClient(url: home.randomURL(), loop: home.loop, client: ClientIdentity.info(name: "roost-bots"))
        attach()
    }

    /// Connects; the rest follows from the client's events.
    func start() { client.start() }

    /// Whether the session is open.
    var isOpen: Bool { open }

    private func attach() {
        let current = generation
        client.onEvent = { [unowned self] event in
            guard current == self.generation else { return }
            self.handle(event)
        }
    }

    private func handle(_ event: RoostClient.Event) {
        switch event {
        case .stateChanged(let state):
            stateChanged(state)
        case .sessionStarted(let start):
            perform(machine.sessionStarted(start, stats: &home.stats))
        case .message(let message):
            perform(machine.received(message, at: MonotonicInstant.now().nanoseconds, stats: &home.stats))
        case .undecodable:
            home.stats.undecodable += 1
        case .sequenceGap:
            home.stats.sequenceGaps += 1
        case .connectFailed:
            home.stats.connectFailures += 1
            client.url = home.randomURL()
        }
    }

    private func stateChanged(_ state: RoostClient.State) {
        let ready = state == .ready
        if ready != open {
            open = ready
            home.openConnections += ready ? 1 : -1
        }
        switch state {
        case .waitingToReconnect(_, _, let close?):
            machine.connectionEnded(code: close.code, stats: &home.stats)
            // The node may be gone: the next attempt goes to a node picked afresh.
            client.url = home.randomURL()
        case .stopped(let close?):
            machine.connectionEnded(code: close.code, stats: &home.stats)
        default:
            break
        }
    }

    func perform(_ actions: [BotStateMachine.Action]) {
        for action in actions {
            switch action {
            case .send(_, .move(let game, _)) where home.thinkTime > .zero && machine.games[game]?.isConnectFour == true:
                // A Connect Four player thinks (0.5 to 1.5 times --think-ms): without it two bots
                // would trade moves as fast as the round trip allows and hit the message rate limit.
                let current = generation
                let delay = home.thinkTime * Double.random(in: 0.5...1.5)
                _ = home.loop.schedule(after: delay) { [weak self] in
                    guard let self, current == self.generation else { return }
                    for case .send(let message, let request) in self.machine.thinkingDone(inGame: game) {
                        self.send(message, request)
                    }
                }
            case .send(let message, let request):
                send(message, request)
            case .retry(let delay):
                let current = generation
                _ = home.loop.schedule(after: delay) { [weak self] in
                    guard let self, current == self.generation else { return }
                    self.perform(self.machine.retryTimerFired())
                }
            case .restartSession:
                restartSession()
            }
        }
    }

    private func send(_ message: ClientMessage, _ request: BotStateMachine.Request) {
        let cid = client.send(message)
        machine.sent(request, cid: cid, at: MonotonicInstant.now().nanoseconds, stats: &home.stats)
    }

    /// Closes the session and starts a new client that logs in afresh (login storm).
    private func restartSession() {
        home.ledger.append(contentsOf: machine.ended)
        if open {
            open = false
            home.openConnections -= 1
        }
        home.stats.recordClose(code: CloseCodes.normal)
        generation += 1
        client.onEvent = { _ in }
        client.stop()
        machine = BotStateMachine(name: machine.name, configuration: machine.configuration, seed: UInt64(index) &* 7919 &+ UInt64(generation))
        client = RoostClient(url: home.randomURL(), loop: home.loop, client: ClientIdentity.info(name: "roost-bots"))
        attach()
        client.start()
    }

    /// The run's play time is over.
    func windDown() {
        perform(machine.windDown(stats: &home.stats))
    }

    /// Drops the connection if a move has waited longer than `timeout` for its reply.
    func checkMoveReply(now: Int64, timeout: Duration) {
        guard open, let age = machine.pendingMoveAge(now: now), age > timeout.nanosecondsValue else { return }
        home.stats.moveReplyTimeouts += 1
        client.dropConnection()
    }

    /// Drops the connection without a close frame (reconnect storm).
    func dropConnection() {
        guard open else { return }
        home.stats.dropsInjected += 1
        client.dropConnection()
    }

    /// Stops for good at the end of the run.
    func stop() {
        generation += 1
        client.onEvent = { _ in }
        client.stop()
    }
}

extension Duration {
    /// The whole nanoseconds in this duration.
    var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
