/// Where the rows of a wrapped line begin: after a space where one fits, and
/// inside a word only when the word is wider than the row (a long link).
/// Measured in display columns, so 日本 takes two and é one.
public enum SoftWrap {
    /// The index each row starts at, for one line (no newlines) whose
    /// characters have `widths`; the first is always 0. A space that does not
    /// fit hangs at the end of its row rather than starting the next one.
    public static func rowStarts(widths: [Int], isSpace: [Bool], width: Int) -> [Int] {
        let limit = max(1, width)
        var starts = [0]
        var rowStart = 0
        var col = 0
        var breakAfterSpace: Int?
        var i = 0
        while i < widths.count {
            let w = widths[i]
            if col + w > limit && i > rowStart {
                if isSpace[i] {
                    starts.append(i + 1)
                    rowStart = i + 1
                    col = 0
                    breakAfterSpace = nil
                    i += 1
                    continue
                }
                let start = breakAfterSpace.map { $0 > rowStart ? $0 : i } ?? i
                starts.append(start)
                rowStart = start
                col = widths[start..<i].reduce(0, +)
                breakAfterSpace = nil
                // Character i is placed again against the new row.
                continue
            }
            col += w
            if isSpace[i] { breakAfterSpace = i + 1 }
            i += 1
        }
        return starts
    }
}
