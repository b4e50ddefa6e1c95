import Client
import Protocol
import Testing

/// Following a Connect Four game from its snapshot and updates.
struct ConnectFourPositionTests {
    private func json(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text).get()) ?? .null
    }

    @Test func snapshotMovesAlternateSeatsFromTheBottom() throws {
        let position = try #require(ConnectFourPosition(snapshot: json(#"{"moves":[3,3,4],"turn":1,"remaining":21500,"clock":30000,"outcome":null}"#)))
        #expect(position.seat(column: 3, row: 0) == 0)
        #expect(position.seat(column: 3, row: 1) == 1)
        #expect(position.seat(column: 4, row: 0) == 0)
        #expect(position.turn == 1)
        #expect(position.remainingMilliseconds == 21500)
        #expect(position.clockMilliseconds == 30000)
        #expect(position.lastPlaced == .init(column: 4, row: 0))
    }

    @Test func placedTurnAndEndedUpdatesMoveTheGameOn() {
        var position = ConnectFourPosition()
        let read = position.apply(update: json(#"{"k":"placed","seat":0,"column":3,"row":0}"#))
        #expect(read)
        let read2 = position.apply(update: json(#"{"k":"turn","seat":1,"remaining":null}"#))
        #expect(read2)
        #expect(position.seat(column: 3, row: 0) == 0)
        #expect(position.turn == 1 && position.remainingMilliseconds == nil)
        let read3 = position.apply(update: json(#"{"k":"ended","outcome":{"result":"win","winner":0,"reason":"four_in_a_row","placements":[[0],[1]]}}"#))
        #expect(read3)
        #expect(position.outcome == GameResultSummary(result: .win, winner: 0, reason: "four_in_a_row"))
        #expect(position.turn == nil)
    }

    @Test func unreadableUpdatesChangeNothing() {
        var position = ConnectFourPosition()
        let before = position
        for text in [#"{"k":"placed","seat":0,"column":9,"row":0}"#, #"{"k":"placed","seat":"x"}"#, #"{"k":"nope"}"#, "[1]",
            #"{"k":"ended","outcome":{"result":"win"}}"#]
        {
            let read4 = position.apply(update: json(text))
            #expect(!read4)
        }
        #expect(position == before)
    }

    @Test func placingOnATakenCellIsRefused() {
        var position = ConnectFourPosition()
        position.apply(update: json(#"{"k":"placed","seat":0,"column":0,"row":0}"#))
        let read5 = position.apply(update: json(#"{"k":"placed","seat":1,"column":0,"row":0}"#))
        #expect(!read5)
    }

    @Test func malformedSnapshotsAreRefused() {
        for text in [#"{"moves":"3"}"#, #"{"moves":[7]}"#, #"{"moves":[0,0,0,0,0,0,0]}"#, "null", #"{"turn":0}"#] {
            #expect(ConnectFourPosition(snapshot: json(text)) == nil)
        }
    }

    @Test func fullColumnIsReported() throws {
        let position = try #require(ConnectFourPosition(snapshot: json(#"{"moves":[2,2,2,2,2,2]}"#)))
        #expect(position.isFull(column: 2))
        #expect(!position.isFull(column: 3))
    }
}

