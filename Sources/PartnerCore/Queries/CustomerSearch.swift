/// One query's search of a `CustomerSearchIndex`, done a slice at a time: a list needs
/// the first screenful of matches at once and the rest (the count, the rows further
/// down) only later, and at 1,000,000 customers a query of one or two letters matches
/// most of them, so reading every row before drawing took ~40 ms a key.
///
/// The rows are read in display order, so `found` is always the first matches, in the
/// order a whole search gives, and a finished run holds exactly what
/// `CustomerSearchIndex.positions(matching:within:method:)` returns.
public struct CustomerSearchRun: Sendable {
    let needle: [UInt8]
    /// The matches read so far, ascending.
    public private(set) var found: [Int]
    /// What is left to read, in display order: each source's positions come after the
    /// one's before it. Finished sources are dropped.
    private var sources: [Source]
    private let anchor: Int

    /// Rows to read: every row of a range, or the candidates of some slots.
    private struct Source: Sendable {
        /// Ascending positions; nil when `next..<end` are the rows themselves.
        let candidates: [Int]?
        var next: Int
        let end: Int

        /// The display position of the next row to read.
        var nextPosition: Int { candidates.map { $0[next] } ?? next }
    }

    /// Starts the search for folded `needle`: the rows the trigram index names when it
    /// reads fewer, else every candidate. The empty query is done at once (every candidate).
    init(_ needle: [UInt8], in index: CustomerSearchIndex, within candidates: [Int]?, method: CustomerSearchIndex.Method) {
        self.needle = needle
        anchor = needle.isEmpty ? 0 : index.anchorOffset(needle)
        found = needle.isEmpty ? candidates ?? Array(0..<index.count) : []
        if needle.isEmpty {
            sources = []
        } else if index.prefersTrigrams(needle, within: candidates, method: method) {
            let rows = index.trigramRows(needle, within: candidates)
            sources = [Source(candidates: rows, next: 0, end: rows.count)]
        } else {
            sources = [Source(candidates: candidates, next: 0, end: candidates?.count ?? index.count)]
        }
        sources.removeAll { $0.next == $0.end }
    }

    /// Starts the search for folded `needle`, which contains `earlier`'s, reading only
    /// what `earlier` found so far and then what it has still to read: a key typed while
    /// the last query is unfinished narrows it all the same.
    init(_ needle: [UInt8], in index: CustomerSearchIndex, narrowing earlier: CustomerSearchRun) {
        self.needle = needle
        anchor = index.anchorOffset(needle)
        found = []
        sources = [Source(candidates: earlier.found, next: 0, end: earlier.found.count)] + earlier.sources
        sources.removeAll { $0.next == $0.end }
    }

    public var isComplete: Bool { sources.isEmpty }

    /// Rows (or candidates) the run has still to read.
    public var unread: Int { sources.reduce(0) { $0 + $1.end - $1.next } }

    /// Whether every match at or before display position `position` is in `found`.
    public func hasRead(through position: Int) -> Bool {
        sources.first.map { $0.nextPosition > position } ?? true
    }

    /// Reads on until `found` holds `enough` matches and every match through `position`,
    /// or until `limit` rows (candidates) more were read, or to the end.
    public mutating func advance(in index: CustomerSearchIndex, finding enough: Int, through position: Int, reading limit: Int) {
        var budget = max(1, limit)
        while budget > 0, !hasRead(through: position) {
            budget -= read(index, budget: budget, enough: .max, through: position)
        }
        while budget > 0, !isComplete, found.count < enough {
            budget -= read(index, budget: budget, enough: enough, through: nil)
        }
    }

    /// Reads the first source, at most `budget` rows and not past `position`; returns the rows read.
    private mutating func read(_ index: CustomerSearchIndex, budget: Int, enough: Int, through position: Int?) -> Int {
        var source = sources[0]
        var stop = budget >= source.end - source.next ? source.end : source.next + budget
        if let position {
            stop = min(stop, source.candidates.map { $0.partitionPoint { $0 <= position } } ?? position + 1)
        }
        let start = source.next
        if let candidates = source.candidates {
            source.next = index.scan(needle, anchor: anchor, candidates: candidates, slots: start..<stop, enough: enough, into: &found)
        } else {
            source.next = index.scan(needle, anchor: anchor, rows: start..<stop, enough: enough, into: &found)
        }
        if source.next == source.end {
            sources.removeFirst()
        } else {
            sources[0] = source
        }
        return max(1, source.next - start)
    }

    /// Reads every row left.
    mutating func finish(in index: CustomerSearchIndex) {
        while !isComplete { _ = read(index, budget: .max, enough: .max, through: nil) }
    }
}

/// The search a list keeps between keystrokes. When the new query contains the last one
/// (the user typed more), only the last result is searched again; when it is one typed
/// before (Backspace), that query's result comes back unsearched, as `NameSearch` does; a
/// new scope (another reseller filter) starts over.
///
/// A search may be left unfinished (`start`, then `advance` a slice at a time): an
/// earlier query's run that is still unfinished is taken up again when Backspace brings
/// it back, and a query typed after it reads what it found and then what it had left.
public struct CustomerSearch: Sendable {
    public let index: CustomerSearchIndex
    /// How each search finds its rows (`CustomerSearchIndex.Method`): by default the
    /// trigram index once something built it, so a keystroke never waits for it.
    public var method: CustomerSearchIndex.Method = .cheapestBuilt
    /// Ascending positions the search is limited to; nil for every customer.
    public private(set) var scope: [Int]?
    /// The run of each query typed since the last one that did not extend the one
    /// before: `steps[i]`'s needle contains `steps[i - 1]`'s.
    private var steps: [CustomerSearchRun] = []
    /// The run of the empty query (every customer in scope), made once per scope: at
    /// 1,000,000 customers its positions are 8 MB, which every Backspace to an empty
    /// filter made again.
    private var everything: CustomerSearchRun
    /// Whether the empty query is the current one.
    private var isEverything = true
    /// Rows the last search could look at: the whole scope, or only an earlier result
    /// (the trigram index may read fewer); 0 when a result came back unsearched.
    /// For tests and benchmarks.
    public private(set) var lastSearched = 0

    public init(index: CustomerSearchIndex, scope: [Int]? = nil) {
        self.index = index
        self.scope = scope
        everything = CustomerSearchRun([], in: index, within: scope, method: .scan)
        start("")
    }

    public mutating func setScope(_ positions: [Int]?) {
        scope = positions
        steps = []
        everything = CustomerSearchRun([], in: index, within: positions, method: .scan)
        start("")
    }

    /// The current query's run: its matches so far, and whether it is finished.
    public var run: CustomerSearchRun {
        guard !isEverything, let current = steps.last else { return everything }
        return current
    }

    /// Positions in display order of the customers in scope matching `query`, all of them.
    public mutating func positions(matching query: String) -> [Int] {
        start(query)
        finish()
        return run.found
    }

    /// Makes `query` the current one, reading nothing yet unless the trigram index serves it.
    public mutating func start(_ query: String) {
        let needle = CustomerSearchIndex.fold(query)
        // Back to the longest earlier query this one contains (all of them after Backspace).
        while let last = steps.last, !Self.contains(needle, last.needle) { steps.removeLast() }
        isEverything = needle.isEmpty
        if needle.isEmpty {
            lastSearched = scope?.count ?? index.count
            return
        }
        if let last = steps.last, last.needle == needle {
            lastSearched = 0
            return
        }
        if let last = steps.last, !last.isComplete {
            let run = CustomerSearchRun(needle, in: index, narrowing: last)
            lastSearched = run.unread
            steps.append(run)
            return
        }
        let within = steps.last?.found ?? scope
        lastSearched = within?.count ?? index.count
        steps.append(CustomerSearchRun(needle, in: index, within: within, method: method))
    }

    /// Reads on in the current run until it holds `enough` matches and every match through
    /// display position `position`, or `limit` more rows were read.
    public mutating func advance(finding enough: Int, through position: Int = -1, reading limit: Int) {
        guard !isEverything, !steps.isEmpty else { return }
        steps[steps.count - 1].advance(in: index, finding: enough, through: position, reading: limit)
    }

    /// Reads the current run to its end.
    public mutating func finish() {
        guard !isEverything, !steps.isEmpty else { return }
        steps[steps.count - 1].finish(in: index)
    }

    /// Whether folded `needle` occurs in folded `haystack`: the filter's one matching rule.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
