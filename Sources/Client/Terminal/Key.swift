/// A key press read from a terminal in raw mode.
public enum Key: Hashable, Sendable {
    /// A printable character (space included).
    case character(Character)
    /// Return or Enter (CR or LF).
    case enter
    /// Tab.
    case tab
    /// Backspace (DEL or BS).
    case backspace
    /// Escape pressed on its own.
    case escape
    /// Forward delete.
    case delete
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Home.
    case home
    /// End.
    case end
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Insert.
    case insert
    /// A function key, F1 to F12.
    case function(Int)
    /// Control with a letter: `.control("c")` is Ctrl-C.
    case control(Character)
    /// An escape sequence this decoder does not map (a mouse report, an odd terminal).
    case unknown
}
