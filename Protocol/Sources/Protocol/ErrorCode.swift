/// The stable wire name of an error (`"illegal_move"`), the `code` of an `error` message.
///
/// An open set: a newer server may send codes an older client does not know, and clients must treat
/// an unknown code as a failure of the request it answers. The names never change meaning.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    // MARK: Message format

    /// The message is not a JSON object (the message says where parsing stopped).
    public static let badJSON: ErrorCode = "bad_json"
    /// `t` names no message type this server knows; the message was ignored.
    public static let unknownType: ErrorCode = "unknown_type"
    /// A field is missing, has the wrong type or an invalid value; `field` names it.
    public static let badField: ErrorCode = "bad_field"
    /// The message is over `maxMessageBytes`; the server closes with 1009 after this error.
    public static let messageTooBig: ErrorCode = "message_too_big"
    /// `hello.v` is a version this server does not speak; the server closes with 4001.
    public static let versionMismatch: ErrorCode = "version_mismatch"

    // MARK: Session

    /// The first message was not a valid `hello`; the server closes with 4000.
    public static let helloRequired: ErrorCode = "hello_required"
    /// A second `hello` on the same connection; ignored.
    public static let unexpectedHello: ErrorCode = "unexpected_hello"
    /// The token is forged, expired or from another cluster; the server closes with 4002.
    public static let invalidToken: ErrorCode = "invalid_token"
    /// The request needs a logged-in player; send `login` (or `hello` with a token) first.
    public static let notLoggedIn: ErrorCode = "not_logged_in"
    /// `login` on a session that already has a player.
    public static let alreadyLoggedIn: ErrorCode = "already_logged_in"
    /// Over the message or chat rate; the message was dropped.
    public static let rateLimited: ErrorCode = "rate_limited"

    // MARK: Lobby and games

    /// No game kind of this name.
    public static let unknownKind: ErrorCode = "unknown_kind"
    /// The kind does not take this many seats.
    public static let badSeatCount: ErrorCode = "bad_seat_count"
    /// The game refused the options.
    public static let invalidOptions: ErrorCode = "invalid_options"
    /// No such game (it never existed, or finished and was removed).
    public static let unknownGame: ErrorCode = "unknown_game"
    /// Every seat is taken.
    public static let gameFull: ErrorCode = "game_full"
    /// The invite is unknown or its game is gone.
    public static let badInvite: ErrorCode = "bad_invite"
    /// The game is private: taking a seat needs its invite.
    public static let inviteRequired: ErrorCode = "invite_required"
    /// The player is already in this game (seated or watching).
    public static let alreadyInGame: ErrorCode = "already_in_game"
    /// The player has not joined this game (or room).
    public static let notInGame: ErrorCode = "not_in_game"
    /// The player holds seats in as many games as the server allows at once.
    public static let tooManyGames: ErrorCode = "too_many_games"

    // MARK: Moves (the names the Games target gives its rejections)

    /// Only players move; spectators watch.
    public static let notAPlayer: ErrorCode = "not_a_player"
    /// Another seat is to move.
    public static let notYourTurn: ErrorCode = "not_your_turn"
    /// The game has ended.
    public static let gameOver: ErrorCode = "game_over"
    /// The mover's clock ran out before the move arrived.
    public static let tooLate: ErrorCode = "too_late"
    /// The mover is out of play though the game goes on.
    public static let eliminated: ErrorCode = "eliminated"
    /// The `move` value is not a move of this game.
    public static let malformedMove: ErrorCode = "malformed_move"
    /// A well-formed move the rules forbid now.
    public static let illegalMove: ErrorCode = "illegal_move"
    /// The mover already has as many moves queued as the game buffers.
    public static let tooManyPendingMoves: ErrorCode = "too_many_pending_moves"

    // MARK: Chat

    /// The chat text is over `chatMaxChars`.
    public static let chatTooLong: ErrorCode = "chat_too_long"

    // MARK: Server

    /// The game's node could not be reached in time; retry.
    public static let unavailable: ErrorCode = "unavailable"
    /// This node is shutting down and takes no new games; a 1012 close follows.
    public static let shuttingDown: ErrorCode = "shutting_down"
    /// The server failed unexpectedly; retry later.
    public static let `internal`: ErrorCode = "internal"

    /// Every code this version of the protocol defines, in the spec's order.
    public static let all: [ErrorCode] = [
        .badJSON, .unknownType, .badField, .messageTooBig, .versionMismatch,
        .helloRequired, .unexpectedHello, .invalidToken, .notLoggedIn, .alreadyLoggedIn, .rateLimited,
        .unknownKind, .badSeatCount, .invalidOptions, .unknownGame, .gameFull, .inviteRequired, .badInvite,
        .alreadyInGame, .notInGame, .tooManyGames,
        .notAPlayer, .notYourTurn, .gameOver, .tooLate, .eliminated, .malformedMove, .illegalMove,
        .tooManyPendingMoves,
        .chatTooLong,
        .unavailable, .shuttingDown, .internal,
    ]
}
