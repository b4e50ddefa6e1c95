import Client
import Protocol
import Testing

/// The lobby list: snapshot, events newer than it, and a stable display order.
struct LobbyListTests {
    private func game(_ id: String, _ kind: String = "connect4", _ state: GameState = .waiting, taken: Int = 1) -> LobbyGame {
        LobbyGame(id: id, kind: kind, seats: 2, taken: taken, state: state, players: Array(repeating: "A", count: taken))
    }

    @Test func snapshotReplacesTheList() {
        var lobby = LobbyList()
        lobby.apply(snapshotAt: 5, games: [game("a")])
        lobby.apply(snapshotAt: 9, games: [game("b")])
        #expect(lobby.games.map(\.id) == ["b"])
        #expect(lobby.rev == 9)
    }

    @Test func eventsAtOrBelowTheSnapshotRevAreIgnored() {
        var lobby = LobbyList()
        lobby.apply(snapshotAt: 10, games: [game("a")])
        let applied = [lobby.apply(eventAt: 10, .removed(id: "a")), lobby.apply(eventAt: 3, .created(game("z")))]
        #expect(applied == [false, false])
        #expect(lobby.games.map(\.id) == ["a"])
    }

    @Test func createdSeatStartedAndRemovedEventsUpdateTheList() {
        var lobby = LobbyList()
        lobby.apply(snapshotAt: 1, games: [])
        lobby.apply(eventAt: 2, .created(game("a")))
        lobby.apply(eventAt: 3, .seat(game("a", taken: 2)))
        #expect(lobby.game("a")?.taken == 2)
        lobby.apply(eventAt: 4, .started(game("a", "connect4", .playing, taken: 2)))
        #expect(lobby.game("a")?.state == .playing)
        lobby.apply(eventAt: 5, .removed(id: "a"))
        #expect(lobby.games.isEmpty)
    }

    @Test func gamesAreGroupedByKindWithWaitingOnesFirstInArrivalOrder() {
        var lobby = LobbyList()
        lobby.apply(snapshotAt: 1, games: [game("p", "connect4", .playing, taken: 2), game("y", "cycles"), game("w1")])
        lobby.apply(eventAt: 2, .created(game("w2")))
        #expect(lobby.games.map(\.id) == ["w1", "w2", "p", "y"])
    }
}
