/// The limits a server enforces on a session, sent in `welcome.limits` so the client can stay
/// within them. The defaults are the server's defaults and what the spec states.
public struct SessionLimits: Hashable, Sendable {
    /// The largest message the client may send, in bytes (UTF-8 of the JSON text). Default 65,536.
    public var maxMessageBytes: Int
    /// Messages per second the client may send on average (all types, `ping` included). Default 20.
    public var messagesPerSecond: Int
    /// Messages the client may send in a burst above the average. Default 40.
    public var messageBurst: Int
    /// Bytes per second the client may send on average; the burst is `4 × maxMessageBytes`. Default 262,144.
    public var bytesPerSecond: Int
    /// The longest chat text, in code points. Default 280.
    public var chatMaxChars: Int
    /// Chat messages per second on average. Default 1.
    public var chatPerSecond: Int
    /// Chat messages in a burst above the average. Default 3.
    public var chatBurst: Int
    /// How long the server keeps a dropped session (and its seats) for a resume, in ms. Default 30,000.
    public var resumeGraceMilliseconds: Int
    /// How many of the latest sequenced messages the server keeps for a resume. Default 1,024.
    public var replayMessages: Int

    /// Limits with these values.
    public init(
        maxMessageBytes: Int = 65_536, messagesPerSecond: Int = 20, messageBurst: Int = 40,
        bytesPerSecond: Int = 262_144, chatMaxChars: Int = 280, chatPerSecond: Int = 1, chatBurst: Int = 3,
        resumeGraceMilliseconds: Int = 30_000, replayMessages: Int = 1_024
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.messagesPerSecond = messagesPerSecond
        self.messageBurst = messageBurst
        self.bytesPerSecond = bytesPerSecond
        self.chatMaxChars = chatMaxChars
        self.chatPerSecond = chatPerSecond
        self.chatBurst = chatBurst
        self.resumeGraceMilliseconds = resumeGraceMilliseconds
        self.replayMessages = replayMessages
    }

    /// The server's defaults: 64 KiB messages, 20/s burst 40, 256 KiB/s, chat 280 code points at
    /// 1/s burst 3, sessions kept 30 s with the last 1,024 messages.
    public static let defaults = SessionLimits()
}
