import Leaderboard
import Protocol

/// `leaderboard.get`: answered from this node's published boards (`NodeContext.leaderboards`),
/// on the session's own shard. No other node or shard is asked: every node holds every board.
extension Session {
    func answerLeaderboard(cid: Int?, _ query: LeaderboardQuery) {
        let node = shard.node
        guard node.registry.kind(named: query.kind) != nil else {
            return fail(cid: cid, .unknownKind, "no game kind \"\(query.kind)\"")
        }
        let boards = node.leaderboards.current
        let periods = boards.periods(query.kind).map(\.slotStart)
        if let period = query.period, !periods.contains(period) {
            return fail(cid: cid, .badField, "period: no board of that period is held here; see periods")
        }
        let scope: LeaderboardScope = query.board == .allTime ? .allTime : .lastPeriod
        let period = query.period.map(RatingPeriod.init(slotStart:))
        let snapshot = period.map { boards.snapshot(query.kind, period: $0) } ?? boards.latest(query.kind)
        let top = boards.top(query.top, kind: query.kind, in: scope, period: period)
        let around = query.around.map { boards.around($0, radius: query.radius, kind: query.kind, in: scope, period: period) } ?? []
        reply(.leaderboard(cid: cid, LeaderboardReply(
            kind: query.kind, board: query.board, period: snapshot?.period.slotStart, periods: periods,
            players: snapshot?.count(in: scope) ?? 0, top: top.map(Self.row), around: around.map(Self.row),
            schedule: node.leaderboardSchedule())))
    }

    private static func row(_ standing: LeaderboardStanding) -> LeaderboardRow {
        LeaderboardRow(
            rank: standing.rank, id: standing.playerID, name: standing.nickname,
            rating: (standing.rating * 100).rounded() / 100, deviation: (standing.deviation * 100).rounded() / 100,
            games: standing.games)
    }
}
