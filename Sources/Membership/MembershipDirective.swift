/// What the shell must do after an event, in order.
public enum MembershipDirective: Hashable, Sendable, CustomStringConvertible {
    /// Send `message` (encoded with `encode()`) to `node` over the cluster link; best effort, no retry.
    case send(MembershipMessage, to: NodeID)
    /// Send `message` to the seed at `address` (`host:port`), whose name the link learns when it connects.
    case sendToSeed(MembershipMessage, address: String)
    /// This node's view of a member changed.
    case memberChanged(MemberEvent)
    /// This node learned it was declared dead (or met a newer run of itself) and now runs as
    /// `incarnation`: the others dropped its state, so the shell announces it again. The instance has
    /// already re-joined through the seeds.
    case restartWithNewIncarnation(Incarnation)
    /// Call `tick(now:)` at (or soon after) this instant; replaces any earlier request.
    case scheduleTick(at: MembershipInstant)

    public var description: String {
        switch self {
        case .send(let message, let node): "send \(message) to \(node)"
        case .sendToSeed(let message, let address): "send \(message) to seed \(address)"
        case .memberChanged(let event): "member \(event)"
        case .restartWithNewIncarnation(let incarnation): "restart as \(incarnation)"
        case .scheduleTick(let instant): "tick at \(instant)"
        }
    }
}
