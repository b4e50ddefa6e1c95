/// How feeding one fragment to a `MessageInflater` ended.
public enum InflateOutcome: Equatable, Sendable {
    /// The fragment inflated; on a final fragment the message is complete.
    case ok
    /// The inflated message would exceed `maxMessageBytes`; the output holds exactly that many bytes and the stream was reset. Close with 1009.
    case messageTooLarge
    /// The bytes are not valid raw DEFLATE data (or reference history the window does not hold); the stream was reset. Close with 1007.
    case corruptData
}
