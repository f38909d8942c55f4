/// How much of an unfinished Customers search a key reads, and each pause between keys:
/// by the clock in the dashboard, by a count of rows in tests (so what a test sees does
/// not depend on the machine's speed).
public struct SearchPacing: Sendable {
    /// Time a key may spend reading before it draws what it found; nil reads one step.
    public var keystroke: Duration?
    /// Time a pause between keys reads for; nil reads one step.
    public var slice: Duration?
    /// Rows read between looks at the clock (~300 KB of folded text at the default, or
    /// 4,096 rows the trigram index names, read at random: well under a millisecond).
    public var rowsPerStep: Int
    /// Whether a key reads its search to the end, as the page did before it read in
    /// slices: what the tests compare the slices with.
    public var wholeAtEveryKey = false

    /// A key reads for up to 5 ms and a pause for 4 ms, so a key typed meanwhile waits
    /// no longer, and a frame of 120×40 leaves the key well within 16 ms.
    public static let live = SearchPacing(keystroke: .milliseconds(5), slice: .milliseconds(4), rowsPerStep: 4_096)

    /// Every match at every key, however long it takes.
    public static let wholeAtEveryKey = SearchPacing(keystroke: nil, slice: nil, rowsPerStep: .max, wholeAtEveryKey: true)

    /// `rows` rows a key and a pause each, whatever the time.
    public static func rows(_ rows: Int) -> SearchPacing { SearchPacing(keystroke: nil, slice: nil, rowsPerStep: rows) }
}
