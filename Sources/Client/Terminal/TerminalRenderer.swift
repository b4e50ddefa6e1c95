/// Writes a `ScreenBuffer` to an ANSI terminal, sending only the lines that changed since the
/// last frame it wrote. A pure value: it returns the bytes, the caller writes them.
///
/// Each changed line is rewritten whole, from column 1 with an absolute cursor move, so nothing
/// depends on where the terminal's cursor was left. The last cell of the last line is written
/// too: terminals defer the wrap there, so it does not scroll.
public struct TerminalRenderer: Sendable {
    /// The frame on the terminal now; `nil` before the first frame or after `invalidate()`.
    public private(set) var shown: ScreenBuffer?

    /// A renderer that will draw the whole first frame.
    public init() {}

    /// Makes the next frame redraw everything (after the terminal was cleared or disturbed).
    public mutating func invalidate() {
        shown = nil
    }

    /// The escape sequences and text that turn the terminal into `screen`; the cursor is shown at
    /// `cursor` (row, column from 0), or hidden when `nil`.
    public mutating func frame(_ screen: ScreenBuffer, cursor: (row: Int, column: Int)? = nil) -> String {
        var output = ""
        let previous = shown?.width == screen.width && shown?.height == screen.height ? shown : nil
        if previous == nil { output += ANSI.hideCursor + ANSI.clearScreen }
        for row in 0..<screen.height where previous?.row(row) != screen.row(row) {
            output += ANSI.moveTo(row: row, column: 0)
            output += Self.line(screen.row(row))
        }
        if let cursor {
            output += ANSI.moveTo(row: cursor.row, column: cursor.column) + ANSI.showCursor
        } else {
            output += ANSI.hideCursor
        }
        shown = screen
        return output
    }

    /// One row as text with the SGR changes it needs, ending in the default style.
    static func line(_ cells: ArraySlice<ScreenBuffer.Cell>) -> String {
        var text = ""
        var style: TextStyle?
        for cell in cells where !cell.isContinuation {
            if cell.style != style {
                text += cell.style.sgr
                style = cell.style
            }
            text.append(cell.character)
        }
        return text + TextStyle.plain.sgr
    }
}

/// The few ANSI escape sequences the terminal client uses (ECMA-48 and the common xterm modes).
public enum ANSI {
    /// Switch to the alternate screen (the shell's screen comes back on exit).
    public static let enterAlternateScreen = "\u{1B}[?1049h"
    /// Back to the normal screen.
    public static let leaveAlternateScreen = "\u{1B}[?1049l"
    /// Clear the whole screen.
    public static let clearScreen = "\u{1B}[2J"
    /// Hide the cursor.
    public static let hideCursor = "\u{1B}[?25l"
    /// Show the cursor.
    public static let showCursor = "\u{1B}[?25h"
    /// Reset colours and attributes.
    public static let resetStyle = "\u{1B}[0m"

    /// Move the cursor to `row`, `column` (from 0; the sequence counts from 1).
    public static func moveTo(row: Int, column: Int) -> String {
        "\u{1B}[\(row + 1);\(column + 1)H"
    }
}
