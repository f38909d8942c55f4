/// A binding with its action type erased: what the hint bar and help show, and
/// which keys it claims, whichever table it came from.
public struct KeyHint: Hashable, Sendable {
    public let keys: [KeyEvent]
    public let label: String
    public let hint: String?
    public let help: String
    /// The table it came from ("Table", "Global", a screen's title): a help section.
    public let section: String

    public init(keys: [KeyEvent], label: String, hint: String?, help: String, section: String) {
        self.keys = keys
        self.label = label
        self.hint = hint
        self.help = help
        self.section = section
    }

    public var inHintBar: Bool { hint != nil }
}
