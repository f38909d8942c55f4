/// Terminal column widths, in the spirit of wcwidth(3) but for whole grapheme
/// clusters and independent of the process locale (tests run in the C locale).
public enum CharacterWidth {
    /// Columns for one user-perceived character that is not a control character: the
    /// columns of what is drawn for it (`drawn`).
    public static func of(_ character: Character) -> Int {
        // Latin text: one scalar below the combining marks (U+0300), of which only the soft
        // hyphen has no width; asking Unicode's tables for each costs a listing its time.
        let utf8 = character.utf8
        if utf8.count <= 2, let lead = utf8.first, lead != 0, lead < 0xCC, character.unicodeScalars.count == 1,
           character != "\u{AD}" {
            return 1
        }
        let scalars = drawn(character).unicodeScalars
        guard let first = scalars.first else { return 0 }
        if isRegionalIndicator(first), scalars.count > 1 { return 2 }
        // VS16 asks for emoji presentation, which terminals draw two columns wide.
        if first.properties.isEmoji, scalars.contains("\u{FE0F}") { return 2 }
        return of(first)
    }

    /// What the grid draws for a cluster, the one rule for emoji sequences: pictographs
    /// joined into one (a ZWJ sequence such as 👩‍👩‍👧 or 🏳️‍🌈, a skin tone such as 👍🏽)
    /// are drawn as one picture by some terminals and as their parts by others (tmux 3.3,
    /// and ncurses, which keeps one spacing character per cell, cuts them anyway), so no
    /// width is right everywhere. Such a cluster is shown as its first pictograph (with
    /// its emoji variation selector), which every terminal draws alike: 👩, 🏳️, 👍. Any
    /// other cluster is drawn as it is.
    public static func drawn(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        var rest = scalars.makeIterator()
        // Most characters are one scalar: no allocation on the way through.
        guard let first = rest.next(), let second = rest.next(), first.properties.isEmoji,
              scalars.dropFirst().contains(where: { $0 == zeroWidthJoiner || isEmojiModifier($0) })
        else { return character }
        var kept = String(first)
        if second == emojiPresentation { kept.unicodeScalars.append(emojiPresentation) }
        return Character(kept)
    }

    private static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"
    private static let emojiPresentation: Unicode.Scalar = "\u{FE0F}"

    private static func isEmojiModifier(_ s: Unicode.Scalar) -> Bool { (0x1F3FB...0x1F3FF).contains(s.value) }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        // Hangul medial vowels and final consonants join the preceding syllable.
        if (0x1160...0x11FF).contains(v) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return isWide(v) ? 2 : 1
    }

    public static func isRegionalIndicator(_ s: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(s.value)
    }

    /// East Asian Wide and Fullwidth blocks (Unicode 15), excluding emoji, which
    /// `isEmojiPresentation` covers.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF,
        0x1B000...0x1B2FF, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var low = 0, high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if v < range.lowerBound {
                high = mid - 1
            } else if v > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
