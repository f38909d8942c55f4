/// A binding with its action type erased: what the hint bar and help show, and
/// which keys it claims, whichever table it came from.
public struct KeyHint: Hashable, Sendable {
    public let keys: [KeyEvent]
    public let label: String
    public let hint: String?
    public let help: String
    /// The table it came from ("Table", "Global", a screen's title): a help section.
    public let section: String
    public let priority: Priority

    /// Which hints a narrow bottom bar keeps: the ways out and around (menu, back, jump,
    /// quit, help) are what a user lost on a page needs, and a page's own keys are in help.
    public enum Priority: Int, Hashable, Sendable, Comparable {
        /// Dropped first when the bar is too narrow.
        case page
        /// Kept while any room is left.
        case essential

        public static func < (a: Priority, b: Priority) -> Bool { a.rawValue < b.rawValue }
    }

    public init(keys: [KeyEvent], label: String, hint: String?, help: String, section: String, priority: Priority = .page) {
        self.keys = keys
        self.label = label
        self.hint = hint
        self.help = help
        self.section = section
        self.priority = priority
    }

    public var inHintBar: Bool { hint != nil }
}
