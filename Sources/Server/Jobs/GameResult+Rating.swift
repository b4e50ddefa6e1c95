import Leaderboard
import ResultStore

extension GameResult {
    /// The game as a rating period sees it: an aborted game rates as nothing; otherwise the
    /// winners share first place and everyone else ties for second (no winners: a draw between all).
    var ratedGame: RatedGame {
        let players = players.map { RatedGame.Player(seat: $0.seat, playerID: $0.playerID, nickname: $0.nickname) }
        switch outcome {
        case .aborted: return .aborted(kind: kind, players: players)
        case .win, .draw: return RatedGame(kind: kind, players: players, winners: winners)
        }
    }
}
