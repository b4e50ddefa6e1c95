import Client
import Protocol
import Testing

/// What a client keeps across reconnects, and what it asks for again when a resume is refused.
struct SessionStateMachineTests {
    private static let limits =
        #""limits":{"maxMessageBytes":65536,"resumeGraceMs":30000}"#

    private func message(_ text: String) -> ReceivedMessage {
        guard let message = ClientEvent.decoding(text).message else { fatalError("test message does not decode: \(text)") }
        return message
    }

    private func welcome(session: String, extra: String = "") -> ReceivedMessage {
        message(#"{"t":"welcome","cid":1,"session":"\#(session)","node":"n1","v":1,"caps":["resume"],\#(Self.limits)\#(extra)}"#)
    }

    private func loggedIn() -> SessionStateMachine {
        var state = SessionStateMachine(client: ClientIdentity.info(name: "test"))
        state.willSend(.hello(state.makeHello()))
        _ = state.received(welcome(session: "s-1"))
        state.willSend(.login(name: "Ada"))
        _ = state.received(message(#"{"t":"login.ok","seq":1,"cid":2,"player":{"id":"p-1","name":"Ada"},"token":"tok"}"#))
        return state
    }

    @Test func firstHelloHasNoTokenAndNoResume() {
        let state = SessionStateMachine(client: ClientIdentity.info(name: "test"))
        let hello = state.makeHello()
        #expect(hello.token == nil && hello.resume == nil)
        #expect(hello.capabilities == [.resume])
    }

    @Test func loginOKKeepsTokenPlayerAndName() {
        let state = loggedIn()
        #expect(state.token == "tok")
        #expect(state.player == PlayerInfo(id: "p-1", name: "Ada"))
        #expect(state.loginName == "Ada")
        #expect(state.session == "s-1")
        #expect(state.lastSeq == 1)
    }

    @Test func helloAfterADropResumesFromLastSeqWithTheToken() {
        var state = loggedIn()
        _ = state.received(message(#"{"t":"ok","seq":2,"cid":3}"#))
        #expect(state.connectionEnded(.dropped) == .reconnectAndResume)
        let hello = state.makeHello()
        #expect(hello.token == "tok")
        #expect(hello.resume == ClientMessage.ResumeRequest(session: "s-1", lastSeq: 2))
    }

    @Test func noResumeIsAskedWithoutTheResumeCapability() {
        var state = loggedIn()
        state.capabilities = []
        #expect(state.makeHello().resume == nil)
        #expect(state.makeHello().token == "tok")
    }

    @Test func successfulResumeKeepsSeqAndAsksForNothing() {
        var state = loggedIn()
        state.willSend(.lobbySubscribe(kind: nil))
        state.willSend(.hello(state.makeHello()))
        let reception = state.received(welcome(session: "s-1", extra: #","resume":{"ok":true,"from":2}"#))
        guard case .sessionStarted(let start) = reception else {
            Issue.record("expected a session start")
            return
        }
        #expect(start.resumed && start.followUps.isEmpty)
        #expect(state.received(message(#"{"t":"ok","seq":2,"cid":9}"#)) == .deliver)
    }

    @Test func refusedResumeRestartsSeqResubscribesAndRejoinsSeatsAndWatchedGames() {
        var state = loggedIn()
        state.willSend(.lobbySubscribe(kind: "connect4"))
        _ = state.received(message(
            #"{"t":"game.joined","seq":2,"game":"g-1","kind":"connect4","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#))
        _ = state.received(message(
            #"{"t":"game.joined","seq":3,"game":"g-2","kind":"connect4","as":"spectator","seats":2,"state":"playing","players":[],"snapshot":null}"#))
        _ = state.connectionEnded(.dropped)
        state.willSend(.hello(state.makeHello()))
        let reception = state.received(welcome(
            session: "s-2",
            extra: #","player":{"id":"p-1","name":"Ada"},"games":["g-1"],"resume":{"ok":false,"reason":"expired"}"#))
        guard case .sessionStarted(let start) = reception else {
            Issue.record("expected a session start")
            return
        }
        #expect(!start.resumed)
        #expect(start.refusedReason == "expired")
        #expect(start.followUps == [
            .lobbySubscribe(kind: "connect4"),
            .gameJoin(target: .game("g-1"), role: .player),
            .gameJoin(target: .game("g-2"), role: .spectator),
        ])
        #expect(state.session == "s-2")
        #expect(state.lastSeq == 0)
        #expect(state.received(message(#"{"t":"ok","seq":1,"cid":5}"#)) == .deliver)
    }

    @Test func refusedTokenForgetsIdentityAndLogsInAgainUnderTheSameName() {
        var state = loggedIn()
        #expect(state.connectionEnded(ConnectionClose(code: CloseCodes.invalidToken)) == .reconnectWithoutToken)
        let hello = state.makeHello()
        #expect(hello.token == nil && hello.resume == nil)
        state.willSend(.hello(hello))
        guard case .sessionStarted(let start) = state.received(welcome(session: "s-3")) else {
            Issue.record("expected a session start")
            return
        }
        #expect(start.followUps == [.login(name: "Ada")])
    }

    @Test func serverRestartWithAValidTokenGivesANewSessionStillLoggedIn() {
        var state = loggedIn()
        _ = state.connectionEnded(ConnectionClose(code: CloseCodes.goingAway))
        state.willSend(.hello(state.makeHello()))
        let reception = state.received(welcome(
            session: "s-9", extra: #","player":{"id":"p-1","name":"Ada"},"resume":{"ok":false,"reason":"unknown_session"}"#))
        guard case .sessionStarted(let start) = reception else {
            Issue.record("expected a session start")
            return
        }
        #expect(start.followUps.isEmpty)
        #expect(state.player?.name == "Ada")
        #expect(state.token == "tok")
    }

    @Test func duplicateIsDroppedAndGapIsReported() {
        var state = loggedIn()
        #expect(state.received(message(#"{"t":"ok","seq":1,"cid":2}"#)) == .duplicate)
        #expect(state.received(message(#"{"t":"ok","seq":4,"cid":3}"#)) == .deliverAfterGap(expected: 2, received: 4))
    }

    @Test func duplicateDoesNotChangeTheSession() {
        var state = loggedIn()
        let replayedLogin = message(#"{"t":"login.ok","seq":1,"cid":2,"player":{"id":"p-2","name":"Bob"},"token":"other"}"#)
        #expect(state.received(replayedLogin) == .duplicate)
        #expect(state.token == "tok")
    }

    @Test func leavingOrFinishingAGameForgetsIt() {
        var state = loggedIn()
        _ = state.received(message(
            #"{"t":"game.joined","seq":2,"game":"g-1","kind":"connect4","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#))
        _ = state.received(message(
            #"{"t":"game.joined","seq":3,"game":"g-2","kind":"connect4","as":"player","seat":1,"seats":2,"state":"waiting","players":[],"snapshot":null}"#))
        state.willSend(.gameLeave(game: "g-1"))
        _ = state.received(message(#"{"t":"game.finished","seq":4,"game":"g-2","outcome":{"result":"draw"},"result":null}"#))
        #expect(state.games.isEmpty)
    }

    @Test func helloWithAnExplicitResumeTakesItsSessionAndSeq() {
        var state = SessionStateMachine(client: ClientIdentity.info(name: "test"))
        state.willSend(.hello(ClientMessage.Hello(
            client: ClientIdentity.info(name: "test"), capabilities: [.resume], token: "tok",
            resume: ClientMessage.ResumeRequest(session: "s-5", lastSeq: 41))))
        #expect(state.session == "s-5" && state.lastSeq == 41 && state.token == "tok")
        _ = state.received(welcome(session: "s-5", extra: #","resume":{"ok":true,"from":42}"#))
        #expect(state.received(message(#"{"t":"ok","seq":42,"cid":1}"#)) == .deliver)
    }
}
