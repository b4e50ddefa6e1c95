/// A terminal screen in memory: a grid of cells, each one character with a style. Screens are
/// drawn into it; `TerminalRenderer` then writes what changed. Drawing clips at the edges, so no
/// text can spill into the next line or scroll the terminal.
///
/// Characters that terminals show two columns wide (CJK, most emoji) take two cells, the second
/// marked as a continuation; control characters are drawn as `?`.
public struct ScreenBuffer: Hashable, Sendable {
    /// One cell.
    public struct Cell: Hashable, Sendable {
        /// The character shown (a space when empty).
        public var character: Character
        /// How it is drawn.
        public var style: TextStyle
        /// The right half of a wide character drawn in the cell before: nothing is written here.
        public var isContinuation: Bool

        /// A cell showing `character` in `style`.
        public init(_ character: Character = " ", style: TextStyle = .plain, isContinuation: Bool = false) {
            self.character = character
            self.style = style
            self.isContinuation = isContinuation
        }

        /// A space in the default style.
        public static let blank = Cell()
    }

    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]

    /// A blank screen; 80×24 unless told otherwise.
    public init(width: Int = 80, height: Int = 24) {
        precondition(width > 0 && height > 0, "a screen has at least one cell")
        self.width = width
        self.height = height
        cells = Array(repeating: .blank, count: width * height)
    }

    /// The cell at `row`, `column` (both from 0).
    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// The cells of `row`.
    public func row(_ row: Int) -> ArraySlice<Cell> {
        cells[(row * width)..<((row + 1) * width)]
    }

    /// Draws `text` from `row`, `column`, clipped at `maxColumns` columns (and the right edge);
    /// returns the column after the last one written.
    @discardableResult
    public mutating func put(
        _ text: String, row: Int, column: Int, style: TextStyle = .plain, maxColumns: Int = .max
    ) -> Int {
        guard (0..<height).contains(row) else { return column }
        let limit = min(width, column > Int.max - maxColumns ? Int.max : column + maxColumns)
        var at = max(0, column)
        for character in text {
            let shown = Self.isControl(character) ? "?" : character
            let columns = Self.columns(of: shown)
            guard at + columns <= limit else { break }
            self[row, at] = Cell(shown, style: style)
            if columns == 2 { self[row, at + 1] = Cell(" ", style: style, isContinuation: true) }
            at += columns
        }
        return at
    }

    /// Sets `count` cells of `row` from `column` to `character` in `style`.
    public mutating func fill(row: Int, column: Int = 0, count: Int? = nil, character: Character = " ", style: TextStyle = .plain) {
        guard (0..<height).contains(row) else { return }
        let end = min(width, column + (count ?? width))
        for at in max(0, column)..<max(max(0, column), end) { self[row, at] = Cell(character, style: style) }
    }

    /// The plain text of `row` (styles left out), for tests and logs.
    public func text(ofRow row: Int) -> String {
        String(self.row(row).filter { !$0.isContinuation }.map(\.character))
    }

    /// The plain text of every row.
    public var lines: [String] { (0..<height).map { text(ofRow: $0) } }

    /// How many columns a terminal gives `character`: 2 for East Asian wide and emoji ranges, else 1.
    public static func columns(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first?.value else { return 1 }
        switch scalar {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    private static func isControl(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return true }
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
