import Client
import Protocol
import Testing

/// The blocking client over real sockets against `roost echo`, which sends back whatever it is
/// sent: the test plays the server by sending server messages through the echo.
@Suite(.serialized)
final class BlockingClientEchoTests {
    let server: ServerProcess

    init() throws {
        server = try ServerProcess(["echo", "--port", "0", "--threads", "1"])
    }

    deinit { server.stop() }

    private func connect() throws -> BlockingRoostClient {
        try BlockingRoostClient(server.url + "/ws")
    }

    @Test func serverMessagesArriveDecodedWithTheirSeq() throws {
        let client = try connect()
        client.sendRaw(#"{"t":"ok","seq":1,"cid":3}"#)
        let event = try #require(client.next())
        #expect(event.message?.type == "ok")
        #expect(event.message?.seq == 1)
        #expect(client.lastSeq == 1)
    }

    @Test func welcomeAndLoginOKAreRememberedForAResume() throws {
        let client = try connect()
        client.sendRaw(#"{"t":"welcome","session":"s-7","node":"n1","v":1,"caps":["resume"],"limits":{}}"#)
        client.sendRaw(#"{"t":"login.ok","seq":1,"player":{"id":"p-1","name":"Ada"},"token":"tok"}"#)
        _ = try client.waitFor(type: "login.ok")
        #expect(client.session == "s-7")
        #expect(client.token == "tok")
        #expect(client.player?.name == "Ada")
        #expect(client.resumeRequest == ClientMessage.ResumeRequest(session: "s-7", lastSeq: 1))
    }

    @Test func malformedJSONFromTheServerIsAnEventNotACrash() throws {
        let client = try connect()
        client.sendRaw(#"{"t":"ok","seq":1,"#)
        guard case .undecodable(_, let error)? = client.next() else {
            Issue.record("expected an undecodable event")
            return
        }
        #expect(error.code == .badJSON)
        client.sendRaw(#"{"t":"ok","seq":1,"cid":1}"#)
        #expect(client.next()?.message?.type == "ok")
    }

    @Test func waitForTakesTheMatchingMessageAndLeavesTheOthersInOrder() throws {
        let client = try connect()
        client.sendRaw(#"{"t":"ok","seq":1,"cid":1}"#)
        client.sendRaw(#"{"t":"ok","seq":2,"cid":2}"#)
        client.sendRaw(#"{"t":"pong","cid":9,"at":5}"#)
        let pong = try client.waitFor(type: "pong")
        #expect(pong.cid == 9)
        #expect(client.next()?.message?.cid == 1)
        #expect(client.next()?.message?.cid == 2)
    }

    @Test func gapsAndDuplicatesInSeqAreRecorded() throws {
        let client = try connect()
        for seq in [1, 3, 3] { client.sendRaw(#"{"t":"ok","seq":\#(seq),"cid":1}"#) }
        for _ in 0..<3 { _ = client.next() }
        #expect(client.seqAnomalies == [.gap(expected: 2, received: 3), .duplicate(seq: 3)])
    }

    @Test func requestGetsTheReplyWithItsCid() throws {
        let client = try connect()
        // The echo answers with the request itself; `ping` is no server type, so the test first
        // queues the reply the request will match (cid 1 is the client's first).
        client.sendRaw(#"{"t":"pong","cid":1,"at":7}"#)
        let reply = try client.request(.ping)
        #expect(reply.type == "pong")
    }

    @Test func closeEndsWithTheServersCloseCode() throws {
        let client = try connect()
        let close = client.close()
        #expect(close?.code == CloseCodes.normal)
        #expect(client.next() == .closed(ConnectionClose(code: CloseCodes.normal)))
        #expect(client.next(timeout: .milliseconds(1)) == nil)
    }

    @Test func dropEndsWithoutACloseFrame() throws {
        let client = try connect()
        client.drop()
        #expect(client.closeInfo == .dropped)
    }

    @Test func waitingOnAClosedConnectionThrowsClosed() throws {
        let client = try connect()
        client.drop()
        #expect(throws: RoostClientError.closed(.dropped)) { try client.waitFor(type: "welcome") }
    }

    @Test func refusedConnectionThrowsConnectFailed() throws {
        let port = try #require(Int(server.url.split(separator: ":").last ?? ""))
        server.stop()
        #expect {
            _ = try BlockingRoostClient("ws://127.0.0.1:\(port)/ws")
        } throws: { error in
            guard case RoostClientError.connectFailed = error else { return false }
            return true
        }
    }

    @Test func invalidAddressThrowsInvalidURL() {
        #expect {
            _ = try BlockingRoostClient("ws://host:port/ws")
        } throws: { error in
            guard case RoostClientError.invalidURL = error else { return false }
            return true
        }
    }
}
