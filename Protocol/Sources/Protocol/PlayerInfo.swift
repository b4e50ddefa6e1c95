/// A player as others see them: `{"id":"p-1f3a","name":"Ada"}`.
public struct PlayerInfo: Hashable, Sendable {
    /// The player's id: stable for the token's lifetime, unique in the cluster.
    public var id: String
    /// The nickname (not unique).
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A player in a seat: `{"seat":0,"id":"p-1f3a","name":"Ada"}`.
public struct SeatedPlayer: Hashable, Sendable {
    /// The zero-based seat; seat 0 moves first in turn-based games.
    public var seat: Int
    /// Who sits there.
    public var player: PlayerInfo

    public init(seat: Int, player: PlayerInfo) {
        self.seat = seat
        self.player = player
    }
}
