import CNcurses
@testable import PartnerDashboard
@testable import TerminalKit
@testable import TerminalNcurses
import Testing

/// The adapter's pure parts; the rest is checked in tmux (docs/TUI.md).
@Suite struct NcursesAdapterTests {
    @Test(arguments: [
        (UInt32(0x1B), KeyEvent.escape), (0x0D, .enter), (0x0A, .enter), (0x09, .tab),
        (0x7F, .backspace), (0x08, .backspace), (0x01, .ctrl("a")), (0x15, .ctrl("u")),
        (0x71, .character("q")), (0xE9, .character("é")), (0x65E5, .character("日")),
    ])
    func characters(code: UInt32, key: KeyEvent) throws {
        #expect(KeyEvent(terminalCharacter: try #require(Unicode.Scalar(code))) == key)
    }

    @Test func controlCharactersWithoutAMeaningAreDropped() {
        #expect(KeyEvent(terminalCharacter: "\u{00}") == nil)
        #expect(KeyEvent(terminalCharacter: "\u{1C}") == nil)
        #expect(KeyEvent(terminalCharacter: "\u{9B}") == nil, "a C1 CSI never becomes a typed character")
    }

    @Test func keyCodes() {
        #expect(NcursesKeys.code(KEY_UP) == .up)
        #expect(NcursesKeys.code(KEY_BTAB) == .backTab)
        #expect(NcursesKeys.code(KEY_NPAGE) == .pageDown)
        #expect(NcursesKeys.code(KEY_RESIZE) == .resize)
        #expect(NcursesKeys.code(pd_key_f(5)) == .function(5))
        #expect(NcursesKeys.code(KEY_MOUSE) == nil)
    }

    @Test func asciiFallbackKeepsWidths() {
        for glyph in ["─", "│", "┌", "▸", "●", "…", "·", "↑", "é"] {
            #expect(AsciiFallback.text(for: glyph, width: 1).count == 1, "\(glyph)")
        }
        #expect(AsciiFallback.text(for: "日", width: 2) == "??")
        #expect(AsciiFallback.text(for: "a", width: 1) == "a")
    }

    @Test func startErrorsAreOneLine() {
        let errors: [TerminalStartError] = [.notATerminal, .unknownTerminal("vt999"), .unknownTerminal(""),
                                            .noCursorAddressing("dumb"), .systemCall("pipe", 24)]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("partnerdash: "))
        }
        #expect(TerminalStartError.exitStatus == 2)
    }

    @Test func osc52EncodesUTF8AsBase64() {
        #expect(ClipboardSequence.osc52("Café") == "\u{1B}]52;c;Q2Fmw6k=\u{07}")
        #expect(ClipboardSequence.base64(Array("ab".utf8)) == "YWI=")
        #expect(ClipboardSequence.base64(Array("abc".utf8)) == "YWJj")
    }
}
