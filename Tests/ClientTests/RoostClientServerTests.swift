import Client
import Foundation
import Protocol
import Reactor
import Synchronization
import Testing

/// The event-driven client against a real `roost serve` process: sessions, resume after a drop,
/// and starting over (still logged in) after the server restarts.
@Suite(.serialized)
final class RoostClientServerTests {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-client-\(UUID().uuidString)").path
    var server: ServerProcess
    let group: EventLoopGroup
    let recorder = EventRecorder()

    init() throws {
        server = try ServerProcess(Self.serveArguments(port: 0, dataDirectory: dataDirectory))
        group = try EventLoopGroup(loopCount: 1, name: "client-test")
    }

    deinit {
        group.shutdown()
        server.stop()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    static func serveArguments(port: Int, dataDirectory: String) -> [String] {
        ["serve", "--port", "\(port)", "--threads", "1", "--data-dir", dataDirectory, "--relaxed-durability"]
    }

    /// Runs `body` on the client's loop and waits for it.
    func onLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = Latch(count: 1)
        group.loops[0].execute {
            let value = body()
            result.withLock { $0 = value }
            done.countDown()
        }
        done.wait()
        return result.withLock { $0! }
    }

    /// A started client on the test loop, reporting to `recorder`.
    func startClient() -> LoopBox {
        let url = try! RoostURL.parse(server.url).get()
        let (loop, recorder) = (group.loops[0], recorder)
        return onLoop {
            let client = RoostClient(url: url, loop: loop, client: ClientIdentity.info(name: "client-tests"))
            client.onEvent = { recorder.record($0) }
            client.start()
            return LoopBox(client)
        }
    }

    @Test func clientSaysHelloAndIsReadyToLogIn() throws {
        let box = startClient()
        try recorder.wait("ready") { $0.contains(.stateChanged(.ready)) }
        _ = onLoop { box.client.send(.login(name: "Ada")) }
        try recorder.wait("login.ok") { $0.contains { $0.messageType == "login.ok" } }
        #expect(onLoop { box.client.player?.name } == "Ada")
        #expect(onLoop { box.client.token != nil })
    }

    @Test func droppedClientResumesItsSessionWithoutLosingOrRepeatingMessages() throws {
        let box = startClient()
        try recorder.wait("ready") { $0.contains(.stateChanged(.ready)) }
        _ = onLoop { box.client.send(.login(name: "Ada")) }
        _ = onLoop { box.client.send(.lobbySubscribe(kind: nil)) }
        try recorder.wait("lobby.snapshot") { $0.contains { $0.messageType == "lobby.snapshot" } }
        let session = onLoop { box.client.session.session }
        onLoop { box.client.dropConnection() }
        try recorder.wait("a resumed session") { $0.contains { $0.sessionStart?.resumed == true } }
        #expect(onLoop { box.client.session.session } == session)
        _ = onLoop { box.client.send(.gameCreate(.init(kind: "connect4"))) }
        try recorder.wait("game.joined") { $0.contains { $0.messageType == "game.joined" } }
        let events = recorder.events
        #expect(!events.contains { if case .sequenceGap = $0 { true } else { false } })
        let seqs = events.compactMap { $0.message?.seq }
        #expect(seqs == Array(1...seqs.count))
    }

    @Test func afterAServerRestartTheClientIsBackLoggedInWithItsTokenAndLobby() throws {
        let box = startClient()
        try recorder.wait("ready") { $0.contains(.stateChanged(.ready)) }
        _ = onLoop { box.client.send(.login(name: "Ada")) }
        _ = onLoop { box.client.send(.lobbySubscribe(kind: nil)) }
        try recorder.wait("lobby.snapshot") { $0.contains { $0.messageType == "lobby.snapshot" } }
        let (player, token) = onLoop { (box.client.player, box.client.token) }
        let port = try #require(Int(server.url.split(separator: ":").last?.split(separator: "/").first ?? ""))
        server.stop()
        recorder.clear()
        server = try ServerProcess(Self.serveArguments(port: port, dataDirectory: dataDirectory))
        try recorder.wait("a new session", timeout: .seconds(60)) { $0.contains { $0.sessionStart != nil } }
        let start = try #require(recorder.events.compactMap(\.sessionStart).first)
        #expect(start.resumed == false)
        #expect(start.refusedReason == "unknown_session")
        #expect(start.welcome.player == player)
        try recorder.wait("the lobby again") { $0.contains { $0.messageType == "lobby.snapshot" } }
        #expect(onLoop { box.client.token } == token)
    }

    @Test func stoppedClientClosesNormallyAndStaysStopped() throws {
        let box = startClient()
        try recorder.wait("ready") { $0.contains(.stateChanged(.ready)) }
        onLoop { box.client.stop() }
        try recorder.wait("stopped") { events in
            events.contains { if case .stateChanged(.stopped) = $0 { true } else { false } }
        }
        #expect(onLoop { box.client.send(.ping) } == nil)
    }
}

/// A loop-confined client handed between the test thread and the loop; only touched in `onLoop`.
final class LoopBox: @unchecked Sendable {
    let client: RoostClient
    init(_ client: RoostClient) { self.client = client }
}

/// Collects a client's events for the test thread.
final class EventRecorder: Sendable {
    private let state = Mutex<[RoostClient.Event]>([])

    var events: [RoostClient.Event] { state.withLock { $0 } }

    func record(_ event: RoostClient.Event) { state.withLock { $0.append(event) } }

    func clear() { state.withLock { $0.removeAll() } }

    /// Waits until `condition` holds for the events so far; throws after `timeout`.
    func wait(_ what: String, timeout: Duration = .seconds(10), _ condition: ([RoostClient.Event]) -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if state.withLock({ condition($0) }) { return }
            usleep(5_000)
        }
        throw RoostClientError.timedOut(waitingFor: what)
    }
}

extension RoostClient.Event {
    var message: ReceivedMessage? {
        if case .message(let message) = self { return message }
        return nil
    }

    var messageType: String? { message?.type }

    var sessionStart: SessionStart? {
        if case .sessionStarted(let start) = self { return start }
        return nil
    }
}
