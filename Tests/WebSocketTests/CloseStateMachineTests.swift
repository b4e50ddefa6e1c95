import Testing
@testable import WebSocket

@Suite struct CloseStateMachineTests {
    static let roles: [WebSocketRole] = [.server, .client]

    /// A machine that has already sent its close frame.
    func closeSent(_ role: WebSocketRole) -> CloseStateMachine {
        var machine = CloseStateMachine(role: role)
        _ = machine.close(.normal)
        return machine
    }

    /// A machine whose handshake has completed.
    func closed(_ role: WebSocketRole) -> CloseStateMachine {
        var machine = CloseStateMachine(role: role)
        _ = machine.receivedClose(.normal)
        return machine
    }

    // MARK: open

    @Test(arguments: roles)
    func machineStartsOpenAndMaySendData(_ role: WebSocketRole) {
        let machine = CloseStateMachine(role: role)
        #expect(machine.state == .open)
        #expect(machine.canSendData)
        #expect(machine.peerCode == nil)
        #expect(machine.role == role)
    }

    @Test(arguments: roles)
    func closingWhileOpenSendsACloseAndStopsData(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        #expect(machine.close(.goingAway, reason: "shutdown") == .sendClose(.goingAway, reason: "shutdown"))
        #expect(machine.state == .closeSent)
        #expect(!machine.canSendData)
    }

    @Test(arguments: roles)
    func closingWithoutACodeSendsAnEmptyClose(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        #expect(machine.close(nil) == .sendClose(nil, reason: ""))
    }

    @Test(arguments: roles)
    func peerCloseWhileOpenIsEchoedAndFinishesTheHandshake(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        #expect(machine.receivedClose(.goingAway) == .replyAndFinish(.goingAway))
        #expect(machine.state == .closed)
        #expect(machine.peerCode == .goingAway)
        #expect(!machine.canSendData)
    }

    @Test(arguments: roles)
    func emptyPeerCloseWhileOpenIsAnsweredEmpty(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        #expect(machine.receivedClose(nil) == .replyAndFinish(nil))
        #expect(machine.state == .closed)
        #expect(machine.peerCode == nil)
    }

    @Test(arguments: roles)
    func failureWhileOpenSendsACloseAndFinishesWithoutWaitingForTheReply(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        #expect(machine.failed(.protocolError, reason: "bad frame") == .failAndFinish(.protocolError, reason: "bad frame"))
        #expect(machine.state == .closed)
        #expect(machine.failed(.protocolError, reason: "again") == .disconnect)
    }

    @Test(arguments: roles)
    func transportLossWhileOpenReportsAbnormalClosure(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        #expect(machine.transportClosed() == .abnormalClosure)
        #expect(machine.state == .closed)
    }

    // MARK: closeSent

    @Test(arguments: roles)
    func closingAgainAfterSendingCloseDoesNothing(_ role: WebSocketRole) {
        var machine = closeSent(role)
        #expect(machine.close(.goingAway) == CloseStateMachine.Action.none)
        #expect(machine.state == .closeSent)
    }

    @Test(arguments: roles)
    func peerCloseAfterOursFinishesTheHandshake(_ role: WebSocketRole) {
        var machine = closeSent(role)
        #expect(machine.receivedClose(.normal) == .finish)
        #expect(machine.state == .closed)
        #expect(machine.peerCode == .normal)
    }

    @Test(arguments: roles)
    func failureAfterSendingCloseDisconnects(_ role: WebSocketRole) {
        var machine = closeSent(role)
        #expect(machine.failed(.invalidPayload, reason: "bad text") == .disconnect)
        #expect(machine.state == .closed)
    }

    @Test(arguments: roles)
    func unansweredCloseTimesOutAndDisconnects(_ role: WebSocketRole) {
        var machine = closeSent(role)
        #expect(machine.closeTimedOut() == .disconnect)
        #expect(machine.state == .closed)
        #expect(machine.transportClosed() == .abnormalClosure)
    }

    @Test(arguments: roles)
    func transportLossAfterSendingCloseReportsAbnormalClosure(_ role: WebSocketRole) {
        var machine = closeSent(role)
        #expect(machine.transportClosed() == .abnormalClosure)
        #expect(machine.state == .closed)
    }

    // MARK: closed

    @Test(arguments: roles)
    func eventsAfterTheHandshakeDoNothingButFailuresDisconnect(_ role: WebSocketRole) {
        var machine = closed(role)
        #expect(machine.close(.normal) == CloseStateMachine.Action.none)
        #expect(machine.receivedClose(.goingAway) == CloseStateMachine.Action.none)
        #expect(machine.closeTimedOut() == CloseStateMachine.Action.none)
        #expect(machine.failed(.protocolError, reason: "late") == .disconnect)
        #expect(machine.state == .closed)
        #expect(!machine.canSendData)
    }

    @Test(arguments: roles)
    func transportLossAfterTheHandshakeReportsThePeersCode(_ role: WebSocketRole) {
        var machine = closeSent(role)
        _ = machine.receivedClose(CloseCode(4001))
        #expect(machine.transportClosed() == CloseCode(4001))
    }

    @Test(arguments: roles)
    func transportLossAfterAnEmptyPeerCloseReportsNoStatusReceived(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        _ = machine.receivedClose(nil)
        #expect(machine.transportClosed() == .noStatusReceived)
        #expect(CloseCode.noStatusReceived.rawValue == 1005)
    }

    @Test(arguments: roles)
    func transportLossReportsTheCodeOfTheFirstCloseFrameNotALaterOne(_ role: WebSocketRole) {
        // RFC 6455 §7.1.5: the connection close code is the one in the first close frame received.
        var machine = CloseStateMachine(role: role)
        _ = machine.receivedClose(.normal)
        #expect(machine.receivedClose(.goingAway) == CloseStateMachine.Action.none)
        #expect(machine.peerCode == .normal)
        #expect(machine.transportClosed() == .normal)
    }

    @Test(arguments: roles)
    func aSecondEmptyCloseDoesNotEraseThePeersCode(_ role: WebSocketRole) {
        var machine = closeSent(role)
        _ = machine.receivedClose(CloseCode(4002))
        _ = machine.receivedClose(nil)
        #expect(machine.transportClosed() == CloseCode(4002))
    }

    @Test(arguments: roles)
    func aCloseArrivingAfterTheTimeoutIsStillThePeersFirst(_ role: WebSocketRole) {
        var machine = closeSent(role)
        _ = machine.closeTimedOut()
        #expect(machine.receivedClose(.goingAway) == CloseStateMachine.Action.none)
        #expect(machine.transportClosed() == .goingAway)
    }

    @Test(arguments: roles)
    func closeTimeoutWhileOpenDisconnects(_ role: WebSocketRole) {
        var machine = CloseStateMachine(role: role)
        #expect(machine.closeTimedOut() == .disconnect)
        #expect(machine.state == .closed)
    }

    // MARK: Whole handshakes

    @Test(arguments: roles)
    func bothEndsClosingAtOnceEachFinishOnThePeersFrame(_ role: WebSocketRole) {
        var ours = CloseStateMachine(role: role)
        var theirs = CloseStateMachine(role: role == .server ? .client : .server)
        #expect(ours.close(.normal) == .sendClose(.normal, reason: ""))
        #expect(theirs.close(.goingAway) == .sendClose(.goingAway, reason: ""))
        #expect(ours.receivedClose(.goingAway) == .finish)
        #expect(theirs.receivedClose(.normal) == .finish)
        #expect(ours.transportClosed() == .goingAway)
        #expect(theirs.transportClosed() == .normal)
    }
}
