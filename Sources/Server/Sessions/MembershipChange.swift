/// A change to which games a session is in, delivered together with the message that tells the
/// client about it, so the session's view and the client's never disagree.
enum MembershipChange: Sendable {
    /// The session is in `game`, in `seat` (nil: watching).
    case joined(game: String, seat: Int?)
    /// The session is no longer in `game` (left, or the game is gone).
    case left(game: String)
}
