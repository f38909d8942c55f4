import Foundation

/// How a text input takes a paste, one rule for every input: the same characters
/// that typing would let in, inserted at once (one edit, one frame), or nothing at all.
///
/// - Control and invisible format characters are dropped, as when typed
///   (`DisplayText.mustEscape`): a pasted Esc is gone, the `q` after it is text.
/// - Line breaks (CR, LF, CR LF) and tabs: a multi-line input keeps line breaks and
///   makes a tab a space; a single-line input makes each run of them one space and
///   drops them at the ends (a link copied with its line break fits the field).
/// - A paste that would take the input past its maximum length is refused whole and
///   the status line names the input and its maximum: a cut link or address would
///   look right and be wrong.
public enum PastedText {
    /// The paste as one line of characters a single-line input may hold.
    public static func singleLine(_ text: String) -> [Character] {
        var line: [Character] = []
        line.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if isBreak(character) {
                pendingSpace = !line.isEmpty
            } else if isKept(character) {
                if pendingSpace { line.append(" ") }
                pendingSpace = false
                line.append(character)
            }
        }
        return line
    }

    /// The paste as lines of characters (at least one) a multi-line input may hold.
    public static func lines(_ text: String) -> [[Character]] {
        var lines: [[Character]] = [[]]
        for character in text {
            if isLineBreak(character) {
                lines.append([])
            } else if character == "\t" {
                lines[lines.count - 1].append(" ")
            } else if isKept(character) {
                lines[lines.count - 1].append(character)
            }
        }
        return lines
    }

    /// Why `pasted` characters do not fit an input named `label` that holds `current`
    /// of at most `maxLength`; nil when they fit.
    public static func refusal(label: String, maxLength: Int?, current: Int, pasted: Int) -> String? {
        guard let maxLength, current + pasted > maxLength else { return nil }
        let name = label.isEmpty ? "This field" : label
        return "Not pasted: \(name) holds at most \(maxLength) characters, and the paste of \(pasted) "
            + "would make it \(current + pasted)"
    }

    static func isLineBreak(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }

    private static func isBreak(_ c: Character) -> Bool { isLineBreak(c) || c == "\t" }

    private static func isKept(_ c: Character) -> Bool {
        guard let first = c.unicodeScalars.first else { return false }
        return !DisplayText.mustEscape(first)
    }
}

/// Where a text input says it refused a paste, so the app shows it in the status line
/// without every page passing it on: the app opens a notice around handing a paste to
/// the page (`App.handle`) and shows what was reported in it.
///
/// `@unchecked Sendable`: a task-local value must be, and its one field is read and
/// written under the lock.
public final class PasteNotice: @unchecked Sendable {
    @TaskLocal static var current: PasteNotice?
    private let lock = NSLock()
    private var reported: String?

    init() {}

    /// Says why a paste was refused; outside the app's handling of a paste (a test driving
    /// a widget alone) nobody is listening, and the refusal is only the widget's answer.
    public static func report(_ message: String) {
        guard let notice = current else { return }
        notice.lock.withLock { notice.reported = message }
    }

    var message: String? { lock.withLock { reported } }
}
