import Client
import Testing

/// The in-memory screen and the ANSI frames written from it.
struct ScreenBufferTests {
    @Test func newScreenIsEightyByTwentyFourBlanks() {
        let screen = ScreenBuffer()
        #expect(screen.width == 80 && screen.height == 24)
        #expect(screen.lines.allSatisfy { $0 == String(repeating: " ", count: 80) })
    }

    @Test func textIsClippedAtTheRightEdgeAndNeverWraps() {
        var screen = ScreenBuffer(width: 10, height: 2)
        let end = screen.put("hello world!", row: 0, column: 4)
        #expect(end == 10)
        #expect(screen.text(ofRow: 0) == "    hello ")
        #expect(screen.text(ofRow: 1) == "          ")
    }

    @Test func textIsClippedAtMaxColumns() {
        var screen = ScreenBuffer(width: 10, height: 1)
        screen.put("abcdef", row: 0, column: 1, maxColumns: 3)
        #expect(screen.text(ofRow: 0) == " abc      ")
    }

    @Test func rowsOutsideTheScreenAreIgnored() {
        var screen = ScreenBuffer(width: 4, height: 1)
        screen.put("x", row: 5, column: 0)
        screen.put("y", row: -1, column: 0)
        #expect(screen.text(ofRow: 0) == "    ")
    }

    @Test func controlCharactersAreShownAsQuestionMarks() {
        var screen = ScreenBuffer(width: 5, height: 1)
        screen.put("a\u{1B}[b", row: 0, column: 0)
        #expect(screen.text(ofRow: 0) == "a?[b ")
    }

    @Test func wideCharactersTakeTwoCellsAndDoNotOverflow() {
        var screen = ScreenBuffer(width: 5, height: 1)
        let end = screen.put("漢字x", row: 0, column: 0)
        #expect(end == 5)
        #expect(screen[0, 1].isContinuation)
        #expect(screen.text(ofRow: 0) == "漢字x")
        var narrow = ScreenBuffer(width: 3, height: 1)
        narrow.put("漢字", row: 0, column: 0)
        #expect(narrow.text(ofRow: 0) == "漢 ")
    }

    @Test func fillSetsARunOfCells() {
        var screen = ScreenBuffer(width: 6, height: 1)
        screen.fill(row: 0, column: 2, count: 3, character: "-")
        #expect(screen.text(ofRow: 0) == "  --- ")
    }

    @Test func firstFrameClearsAndWritesEveryLine() {
        var renderer = TerminalRenderer()
        var screen = ScreenBuffer(width: 4, height: 3)
        screen.put("hi", row: 1, column: 0)
        let frame = renderer.frame(screen)
        #expect(frame.contains(ANSI.clearScreen))
        #expect(frame.components(separatedBy: "H").count - 1 == 3)
        #expect(frame.contains("hi"))
    }

    @Test func laterFramesRewriteOnlyChangedLines() {
        var renderer = TerminalRenderer()
        var screen = ScreenBuffer(width: 4, height: 3)
        _ = renderer.frame(screen)
        screen.put("ok", row: 2, column: 1)
        let frame = renderer.frame(screen)
        #expect(frame.contains(ANSI.moveTo(row: 2, column: 0)))
        #expect(!frame.contains(ANSI.moveTo(row: 0, column: 0)))
        #expect(!frame.contains(ANSI.moveTo(row: 1, column: 0)))
        #expect(!frame.contains(ANSI.clearScreen))
    }

    @Test func unchangedFrameWritesNoLine() {
        var renderer = TerminalRenderer()
        let screen = ScreenBuffer(width: 4, height: 2)
        _ = renderer.frame(screen)
        let frame = renderer.frame(screen)
        #expect(frame == ANSI.hideCursor)
    }

    @Test func styleChangeAloneRewritesTheLineWithItsColour() {
        var renderer = TerminalRenderer()
        var screen = ScreenBuffer(width: 3, height: 1)
        screen.put("X", row: 0, column: 0)
        _ = renderer.frame(screen)
        screen.put("X", row: 0, column: 0, style: TextStyle(foreground: .red, bold: true))
        let frame = renderer.frame(screen)
        #expect(frame.contains("\u{1B}[0;1;31mX"))
        #expect(frame.hasSuffix(ANSI.hideCursor))
    }

    @Test func cursorIsShownWhereAsked() {
        var renderer = TerminalRenderer()
        let frame = renderer.frame(ScreenBuffer(width: 3, height: 2), cursor: (1, 2))
        #expect(frame.hasSuffix(ANSI.moveTo(row: 1, column: 2) + ANSI.showCursor))
    }

    @Test func invalidateRedrawsEverything() {
        var renderer = TerminalRenderer()
        let screen = ScreenBuffer(width: 2, height: 2)
        _ = renderer.frame(screen)
        renderer.invalidate()
        let frame = renderer.frame(screen)
        #expect(frame.contains(ANSI.clearScreen))
    }

    @Test func brightColoursUseTheNinetiesCodes() {
        #expect(TextStyle(foreground: .brightRed, background: .brightBlue).sgr == "\u{1B}[0;91;104m")
    }
}
