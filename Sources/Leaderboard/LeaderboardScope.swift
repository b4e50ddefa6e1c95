/// Which of a kind's two boards a query reads.
public enum LeaderboardScope: Sendable, Hashable, CaseIterable {
    /// Players who played in the snapshot's period, ranked among themselves.
    case lastPeriod
    /// Everyone ever rated in the kind.
    case allTime
}
