import PartnerDashboard
import TerminalKit
import Testing

@Suite struct DisplayTextTests {
    /// Characters of one scalar below U+0300 take a shortcut past Unicode's tables: it must
    /// give what the tables give, for every one of them (the soft hyphen and NUL included),
    /// and leave a cluster such as CR LF to them.
    @Test func latinCharactersMeasureAsTheTablesSay() {
        for value in UInt32(0)..<0x300 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(CharacterWidth.of(Character(scalar)) == CharacterWidth.of(scalar), "U+\(String(value, radix: 16))")
        }
        #expect(CharacterWidth.of(Character("\u{AD}")) == 0 && CharacterWidth.of(Character("\r\n")) == 1)
        #expect(CharacterWidth.of(Character("e\u{301}")) == 1)
    }

    @Test(arguments: [
        ("abc", 3),
        ("日本", 4),
        ("Café", 4),            // precomposed é
        ("Cafe\u{301}", 4),     // e + combining acute
        ("🎉", 2),
        ("❤️", 2),             // text-default heart with VS16
        ("👩‍💻", 2),            // ZWJ sequence
        ("🇯🇵", 2),             // flag
        ("한국어", 6),
        ("ｶﾀｶﾅ", 4),            // halfwidth katakana stays narrow
        ("", 0),
    ])
    func width(text: String, columns: Int) {
        #expect(DisplayText(text).width == columns)
    }

    @Test(arguments: [
        ("\u{1B}[31mred", "\\x1b[31mred"),
        ("a\nb", "a\\x0ab"),
        ("a\tb", "a\\x09b"),
        ("a\r\nb", "a\\x0d\\x0ab"),
        ("del\u{7F}", "del\\x7f"),
        ("csi\u{9B}2J", "csi\\x9b2J"),
        ("nul\u{0}", "nul\\x00"),
        ("admin\u{202E}gnp.exe", "admin\\u{202e}gnp.exe"),
        ("zero\u{200B}width", "zero\\u{200b}width"),
    ])
    func controlCharactersAreShownEscaped(raw: String, shown: String) {
        let text = DisplayText(raw)
        #expect(text.description == shown)
        #expect(text.width == shown.count)
        #expect(!text.description.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    /// Joined pictographs are drawn as their first (CharacterWidth.drawn): terminals
    /// disagree on the whole. The joiner is never escaped.
    @Test(arguments: [
        ("👩‍💻", "👩"), ("👩‍👩‍👧", "👩"), ("🏳️‍🌈", "🏳️"), ("👍🏽", "👍"), ("🧑🏽‍💻", "🧑"),
        ("❤️", "❤️"), ("🇯🇵", "🇯🇵"), ("1️⃣", "1️⃣"), ("Cafe\u{301}", "Cafe\u{301}"),
    ])
    func emojiSequencesAreShownAsTheirFirstPictograph(raw: String, shown: String) {
        let text = DisplayText(raw)
        #expect(text.description == shown)
        #expect(text.width == DisplayText(shown).width)
        #expect(!text.glyphs.contains { $0.isEscape })
    }

    /// The quick measure of one character agrees with the glyphs drawn for it.
    @Test(arguments: ["a", "日", "\u{301}", "👩‍👩‍👧", "🏳️‍🌈", "❤️", "🇯🇵", "\u{1B}", "\u{202E}", "\r\n", "é"])
    func oneCharacterMeasuresAsItsGlyphs(text: String) throws {
        let character = try #require(text.first)
        #expect(DisplayText.width(ofCharacter: character) == DisplayText(text).width)
    }

    @Test func leadingCombiningMarkGetsACell() {
        let text = DisplayText("\u{301}x")
        #expect(text.width == 2)
        #expect(text.glyphs.first?.width == 1)
    }

    @Test func truncationAddsEllipsisAndRespectsWidth() {
        #expect(DisplayText("Fabrikam Solutions").truncated(to: 8).description == "Fabrika…")
        #expect(DisplayText("short").truncated(to: 8).description == "short")
        #expect(DisplayText("exactly8").truncated(to: 8).description == "exactly8")
        #expect(DisplayText("abc").truncated(to: 0).width == 0)
    }

    @Test func truncationNeverSplitsAWideCharacter() {
        let cut = DisplayText("日本語テキスト").truncated(to: 6)
        #expect(cut.description == "日本…")
        #expect(cut.width == 5)
        for columns in 1...14 {
            #expect(DisplayText("日本語テキスト").truncated(to: columns).width <= columns)
        }
    }

    @Test func truncationNeverSplitsAnEscape() {
        let cut = DisplayText("ab\u{1B}cd").truncated(to: 4)
        #expect(cut.description == "ab…")
    }

    @Test func decomposedAccentStaysOneGlyph() {
        let text = DisplayText("e\u{301}")
        #expect(text.glyphs.count == 1)
        #expect(text.truncated(to: 1).description == "e\u{301}")
    }
}
