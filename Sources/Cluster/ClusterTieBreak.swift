/// Which of two links between the same two nodes (same process instances) to
/// keep, decided the same way on both ends so exactly one survives.
///
/// When both nodes dial each other at once, each ends up with one link it
/// initiated and one it accepted. Both keep the link initiated by the node
/// whose name sorts first; both ends compute the same answer from the same two
/// names, with no extra message. Two links initiated by the same node mean
/// that node dropped the older one (it redialed), so the newer one is kept.
public enum ClusterTieBreak {
    /// Whether the `candidate` link is kept over the `existing` one; each is
    /// described by the name of the node that initiated it.
    public static func keepsCandidate(
        candidateInitiator: String, existingInitiator: String, localName: String, peerName: String
    ) -> Bool {
        precondition(localName != peerName, "a tie-break needs two different nodes")
        if candidateInitiator == existingInitiator { return true }
        return candidateInitiator == min(localName, peerName)
    }
}
