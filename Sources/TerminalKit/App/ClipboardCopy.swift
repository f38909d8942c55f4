/// Text a screen hands to the clipboard, with what the message says about it. The app
/// sends it by OSC 52 and to the desktop's clipboard program, then says what was
/// actually done: "copied" only when a program took it or the terminal is known to
/// accept OSC 52; otherwise how else to get the text.
public struct ClipboardCopy: Sendable {
    public var text: String
    /// What the text is, as the message names it: "the email body".
    public var what: String
    /// Where else the text can be had when the clipboard may not hold it: "it is shown
    /// on this page: select it with the mouse".
    public var otherwise: String
    /// What to do next, said after the rest: "select Done once it is sent".
    public var next: String?

    public init(_ text: String, what: String, otherwise: String, next: String? = nil) {
        self.text = text
        self.what = what
        self.otherwise = otherwise
        self.next = next
    }

    /// The status line after sending: what the clipboard program did, else what the
    /// terminal is known to do with OSC 52.
    public func report(program: ClipboardToolOutcome, terminal: ClipboardSupport) -> String {
        var sentences: [String] = []
        switch (program, terminal) {
        case (.copied(let name), _):
            sentences.append("Copied \(what) to the clipboard with \(name)")
        case (.failed(let reason), .osc52(let name)):
            sentences.append("Sent \(what) to the terminal's clipboard (OSC 52, \(name)); the clipboard program failed: \(reason)")
        case (.noProgram, .osc52(let name)):
            sentences.append("Sent \(what) to the terminal's clipboard (OSC 52, \(name))")
        case (.failed(let reason), .unknown):
            sentences.append("Not copied for sure: the clipboard program failed (\(reason)) and this terminal may ignore OSC 52. \(capitalized(otherwise))")
        case (.noProgram, .unknown):
            sentences.append("Sent \(what) by OSC 52, which this terminal may ignore (no clipboard program found). \(capitalized(otherwise))")
        }
        if let next { sentences.append(capitalized(next)) }
        return sentences.joined(separator: ". ")
    }

    private func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
