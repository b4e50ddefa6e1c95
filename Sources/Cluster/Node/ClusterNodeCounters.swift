/// What a `ClusterNode` counted, for metrics and tests: the link's counters and the membership
/// shell's own. A value; read `ClusterNode.counters` on the node's loop.
public struct ClusterNodeCounters: Hashable, Sendable {
    /// The link's refusals, drops and totals.
    public var link = ClusterLinkCounters()

    /// Every change in the membership view (joined, suspect, alive again, dead, left).
    public var membershipEvents = 0
    /// Members (runs) that joined the view.
    public var membersJoined = 0
    /// Members suspected (each may refute).
    public var membersSuspected = 0
    /// Suspects that refuted.
    public var membersAliveAgain = 0
    /// Members declared dead.
    public var membersDeclaredDead = 0
    /// Runs of members that ended because a newer run joined (they restarted); reported dead to the
    /// delegate, not counted in `membersDeclaredDead`.
    public var membersRestarted = 0
    /// Members that left cleanly.
    public var membersLeft = 0
    /// Times this node learned it was declared dead and re-joined as a new run.
    public var restarts = 0

    /// Membership messages queued on a link (held ones counted when they leave).
    public var membershipMessagesSent = 0
    /// Membership messages received and decoded.
    public var membershipMessagesReceived = 0
    /// Frames on `.membership` that did not decode; dropped.
    public var membershipDecodeErrors = 0
    /// Membership messages dropped: no link and none being dialed, or the link refused them.
    public var membershipSendsDropped = 0
    /// Membership messages that waited for a link to a seed or a new member.
    public var membershipMessagesHeld = 0
    /// Held messages dropped: the link did not come up in time, or too many were waiting.
    public var heldMessagesDropped = 0
    /// Frames on other channels from members known dead or left; dropped.
    public var framesFromDepartedDropped = 0
    /// Look-ups of `seedDNSName` that failed.
    public var seedResolutionFailures = 0

    public init() {}
}
