/// Text made safe and measurable for a terminal cell grid.
///
/// Data (company names, emails, pasted links) can hold control characters and
/// escape sequences; sending them raw would let a name recolour or move the
/// cursor, or hide text (bidi overrides). Each such character becomes a visible
/// escape (`\x1b`, `\u{202e}`), and every piece knows its column width.
public struct DisplayText: Hashable, Sendable, CustomStringConvertible {
    /// The smallest unit that is drawn or truncated: one grapheme cluster, or
    /// one escaped control character (several columns, never split).
    public struct Glyph: Hashable, Sendable {
        public let text: String
        public let width: Int
        public let isEscape: Bool
    }

    public let glyphs: [Glyph]
    public let width: Int

    public init(_ raw: String) {
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(raw.utf8.count)
        for character in raw {
            Self.append(character, to: &glyphs)
        }
        self.init(glyphs: glyphs)
    }

    private init(glyphs: [Glyph]) {
        self.glyphs = glyphs
        self.width = glyphs.reduce(0) { $0 + $1.width }
    }

    /// The text as it will appear on screen.
    public var description: String { glyphs.map(\.text).joined() }

    /// Columns a string takes once made safe.
    public static func width(of raw: String) -> Int { DisplayText(raw).width }

    /// Columns one character takes once made safe, without building its glyphs: text
    /// inputs measure every character of a value at each frame.
    public static func width(ofCharacter character: Character) -> Int {
        guard let first = character.unicodeScalars.first, !mustEscape(first) else { return DisplayText(String(character)).width }
        // A mark with nothing before it sits on a dotted circle, one column (append).
        return max(1, CharacterWidth.of(character))
    }

    /// The longest prefix that fits in `columns`, ending in `…` when anything was cut.
    /// The result may be one column narrower than asked, when a wide character
    /// would otherwise straddle the limit.
    public func truncated(to columns: Int) -> DisplayText {
        guard width > columns else { return self }
        guard columns > 0 else { return DisplayText(glyphs: []) }
        var kept: [Glyph] = []
        var used = 0
        for glyph in glyphs {
            if used + glyph.width > columns - 1 { break }
            kept.append(glyph)
            used += glyph.width
        }
        kept.append(Self.ellipsis)
        return DisplayText(glyphs: kept)
    }

    private static let ellipsis = Glyph(text: "…", width: 1, isEscape: false)

    private static func append(_ character: Character, to glyphs: inout [Glyph]) {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return }
        if mustEscape(first) {
            // Grapheme breaking keeps controls apart except CR LF; escape every scalar.
            for scalar in scalars {
                let text = escaped(scalar)
                glyphs.append(Glyph(text: text, width: text.count, isEscape: true))
            }
            return
        }
        let shown = CharacterWidth.drawn(character)
        let width = CharacterWidth.of(shown)
        if width == 0 {
            // Only a mark with nothing before it gets here (the start of a
            // string); a dotted circle gives it a cell to sit on.
            glyphs.append(Glyph(text: "\u{25CC}" + String(shown), width: 1, isEscape: false))
            return
        }
        glyphs.append(Glyph(text: String(shown), width: width, isEscape: false))
    }

    /// C0, DEL, C1, and invisible format characters standing alone (bidi
    /// overrides, zero-width space, soft hyphen, BOM). A format character inside
    /// a cluster, such as the joiner in an emoji sequence, is part of a glyph.
    public static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        // Below U+00A0 only the controls: the Unicode tables' lookup was the top cost of a
        // Customers frame at 1M, nearly all of it for plain ASCII.
        if v < 0xA0 { return v < 0x20 || v >= 0x7F }
        let category = scalar.properties.generalCategory
        return category == .format || category == .lineSeparator || category == .paragraphSeparator
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value <= 0xFF {
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        }
        return "\\u{" + hex + "}"
    }
}
