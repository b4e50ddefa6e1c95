import Games

/// What `game.create` (or quickplay) asked for, checked: a known kind, a seat count in its range
/// and options the kind accepted, with defaults filled in.
struct GameSetup: Sendable {
    let kind: GameKind
    let seats: Int
    let options: GameValue
    let isPrivate: Bool
}
