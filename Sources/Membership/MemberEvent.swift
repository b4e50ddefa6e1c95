/// A change in this node's view of another member, reported to the shell.
///
/// A member that restarts (a higher generation) is reported `dead` for its old run and then `joined`
/// for the new one, so the layers above drop what the old process owned.
public enum MemberEvent: Hashable, Sendable, CustomStringConvertible {
    /// A member (or a new run of one) is now in the view, alive or suspect.
    case joined(Member)
    /// An alive member is suspected; it stays a member until declared dead.
    case suspect(Member)
    /// A suspected member refuted the suspicion.
    case aliveAgain(Member)
    /// The member was declared dead; its state elsewhere should be dropped.
    case dead(Member)
    /// The member left cleanly; its state elsewhere should be dropped.
    case left(Member)

    /// The member the event is about, with its state after the event.
    public var member: Member {
        switch self {
        case .joined(let member), .suspect(let member), .aliveAgain(let member), .dead(let member), .left(let member):
            member
        }
    }

    public var description: String {
        switch self {
        case .joined(let member): "joined \(member)"
        case .suspect(let member): "suspect \(member)"
        case .aliveAgain(let member): "alive again \(member)"
        case .dead(let member): "dead \(member)"
        case .left(let member): "left \(member)"
        }
    }
}
