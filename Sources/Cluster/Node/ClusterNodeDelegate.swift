/// What the layers above a `ClusterNode` hear. Every method is called on the node's loop, one at a
/// time; the node may be used from inside any of them.
public protocol ClusterNodeDelegate: AnyObject {
    /// `name` became a live member of this node's view: the first time for its run (generation).
    /// A member that restarts is reported left (dead) for its old run, then joined for the new one.
    func clusterMemberJoined(_ name: String)
    /// `name`'s run is over: declared dead (`dead`), or left cleanly. Drop what it owned.
    func clusterMemberLeft(_ name: String, dead: Bool)
    /// An authenticated link to the live member `name` is up: send it snapshots of local state here.
    /// Called after `clusterMemberJoined` for a new run, and again whenever the link comes back.
    /// The member already knows this node's current run, so what is sent is not dropped as stale.
    func clusterLinkUp(_ name: String)
    /// A frame on any channel but `.membership` from `name`, a member not known dead or left (or a
    /// peer not known yet: it may be joining). `payload` is valid only during the call.
    func clusterReceived(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, from name: String)
    /// This node was declared dead (or met a newer run of itself) and has re-joined as a new run: the
    /// others dropped its state, so announce it again.
    func clusterRestarted()
}
