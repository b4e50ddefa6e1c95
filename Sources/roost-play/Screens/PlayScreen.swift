import Client

/// Draws the model's current screen into an 80×24 buffer; returns it and where the cursor goes.
enum PlayScreen {
    static func render(_ model: PlayModel, now: Int64) -> (ScreenBuffer, (row: Int, column: Int)?) {
        var screen = ScreenBuffer(width: 80, height: 24)
        let cursor: (row: Int, column: Int)?
        switch model.screen {
        case .login:
            cursor = LoginScreen.draw(model, into: &screen)
        case .lobby:
            cursor = LobbyScreen.draw(model, into: &screen)
        case .leaderboard:
            cursor = LeaderboardScreen.draw(model, into: &screen)
        case .game(let id):
            guard let game = model.games[id] else {
                cursor = LobbyScreen.draw(model, into: &screen)
                break
            }
            switch game.board {
            case .connectFour(let position):
                cursor = ConnectFourScreen.draw(game, position, model, now: now, into: &screen)
            case .cycles(let arena):
                cursor = CyclesScreen.draw(game, arena, model, now: now, into: &screen)
            case .other:
                screen.put("\(game.kind): this client cannot show this kind of game", row: 4, column: 2)
                cursor = Chrome.draw(model, help: ["", "q: leave game   Esc: back to lobby"], into: &screen)
            }
        }
        return (screen, cursor)
    }
}
