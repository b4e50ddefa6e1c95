import Client
import Glibc
import Protocol
import Reactor

/// The shell around `PlayModel`: one event loop on the main thread runs the WebSocket client,
/// standard input and the signal pipe, so nothing needs a lock. Keys and server events go into
/// the model; its commands come back out; after each batch the screen is drawn into a buffer and
/// only the changed lines are written.
final class PlayApp {
    /// How long a lone ESC waits for the rest of an escape sequence before it counts as Escape.
    static let escapeWait: Duration = .milliseconds(40)
    /// How often the screen is redrawn without news (clocks and countdowns move).
    static let tickInterval: Duration = .milliseconds(250)

    private let loop: EventLoop
    private let client: RoostClient
    private var model: PlayModel
    private var renderer = TerminalRenderer()
    private var decoder = InputDecoder()
    private var sources: [ByteSource] = []
    private var escapeTimer: TimerID?
    private var renderQueued = false
    private var quitting = false

    init(client: RoostClient, name: String?) {
        loop = client.loop
        self.client = client
        model = PlayModel(server: client.url.description, name: name)
    }

    private var now: Int64 { loop.now.nanoseconds / 1_000_000 }

    /// Starts everything; on the loop's thread.
    func start(signalFD: Int32) throws(SystemError) {
        client.onEvent = { [unowned self] event in
            perform(model.handle(event, now: now))
            if case .stateChanged(.stopped) = event, quitting { loop.stop() }
            queueRender()
        }
        sources.append(try ByteSource(fd: STDIN_FILENO, loop: loop, onBytes: { [unowned self] in typed($0) }, onEnd: { [unowned self] in quit() }))
        sources.append(try ByteSource(fd: signalFD, loop: loop, onBytes: { [unowned self] in signalled($0) }, onEnd: {}))
        client.start()
        tick()
        render()
    }

    private func typed(_ bytes: [UInt8]) {
        pressed(decoder.feed(bytes))
        if let escapeTimer { loop.cancel(escapeTimer) }
        escapeTimer = nil
        if decoder.hasPending {
            escapeTimer = loop.schedule(after: Self.escapeWait) { [unowned self] in
                escapeTimer = nil
                pressed(decoder.flush())
            }
        }
    }

    private func pressed(_ keys: [Key]) {
        for key in keys { perform(model.handle(key, now: now)) }
        queueRender()
    }

    private func signalled(_ bytes: [UInt8]) {
        for signal in bytes {
            if Int32(signal) == SIGWINCH {
                renderer.invalidate()
            } else {
                quit()
            }
        }
        queueRender()
    }

    private func perform(_ commands: [PlayCommand]) {
        for command in commands {
            switch command {
            case .send(let message):
                if client.send(message) == nil { model.warn("offline: \(message.type) not sent; reconnecting…") }
            case .sendWithoutCid(let message):
                client.sendWithoutCid(message)
            case .reconnectNow:
                client.reconnectNow()
            case .dropConnection:
                model.tell("dropping the connection to try resume…")
                client.dropConnection()
            case .quit:
                quit()
            }
        }
    }

    /// Closes the connection (1000) and stops the loop once closed, or after a second at most.
    private func quit() {
        guard !quitting else { return }
        quitting = true
        client.stop()
        if case .stopped = client.state { return loop.stop() }
        loop.schedule(after: .seconds(1)) { [loop] in loop.stop() }
    }

    private func tick() {
        queueRender()
        loop.schedule(after: Self.tickInterval) { [weak self] in self?.tick() }
    }

    /// Draws once after the current batch of events, however many arrived in it.
    private func queueRender() {
        guard !renderQueued else { return }
        renderQueued = true
        // A timer due now runs after the events already fetched, so one frame covers them all.
        loop.schedule(after: .zero) { [unowned self] in
            renderQueued = false
            render()
        }
    }

    private func render() {
        let (screen, cursor) = PlayScreen.render(model, now: now)
        let frame = renderer.frame(screen, cursor: cursor)
        TerminalOutput.write(frame)
    }
}
