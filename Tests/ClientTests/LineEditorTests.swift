import Client
import Testing

/// The one-line text field of prompts and the login screen.
struct LineEditorTests {
    private func typed(_ keys: [Key], max: Int = 24) -> LineEditor {
        var editor = LineEditor(maxScalars: max)
        for key in keys { editor.handle(key) }
        return editor
    }

    @Test func typingAppendsAndBackspaceRemoves() {
        let editor = typed([.character("A"), .character("d"), .character("x"), .backspace, .character("a")])
        #expect(editor.text == "Ada")
        #expect(editor.cursor == 3)
    }

    @Test func cursorMovesAndInsertsInTheMiddle() {
        let editor = typed([.character("A"), .character("a"), .left, .character("d")])
        #expect(editor.text == "Ada")
        #expect(editor.cursor == 2)
    }

    @Test func lengthIsCappedInCodePoints() {
        let editor = typed(Array(repeating: .character("é"), count: 5), max: 3)
        #expect(editor.text == "ééé")
    }

    @Test func controlUClearsTheLine() {
        #expect(typed([.character("x"), .control("u")]).text == "")
    }

    @Test func nonEditingKeysAreLeftToTheCaller() {
        var editor = LineEditor(maxScalars: 5)
        let handled = [Key.enter, .escape, .up].map { editor.handle($0) }
        #expect(handled == [false, false, false])
    }
}
