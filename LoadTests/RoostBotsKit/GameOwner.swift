/// The node that owns a game, from the hint in its id.
///
/// The spec (§2) tells clients not to parse ids; a load generator may, because it measures the
/// server: a move is *forwarded* when the game's owner is not the node the bot is connected to
/// (`welcome.node`), and the report tells forwarded and local round trips apart. Game ids look like
/// `g-<node>-<rest>` (`g-n2-0-y0k0-n2x1`), and node names are `a-z 0-9` only (`roost serve
/// --node-name`), so the owner is what lies between `g-` and the next dash.
public enum GameOwner {
    /// The owner node named in `gameID`, or `nil` when the id does not look like `g-<node>-<rest>`.
    public static func node(ofGame gameID: String) -> String? {
        guard gameID.hasPrefix("g-") else { return nil }
        let rest = gameID.dropFirst(2)
        guard let dash = rest.firstIndex(of: "-"), dash > rest.startIndex else { return nil }
        return String(rest[rest.startIndex..<dash])
    }
}
