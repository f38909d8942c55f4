import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which rows of a folded search text hold each run of three bytes, so a query of three
/// bytes or more reads the rows of its rarest runs instead of the whole text: "smith"
/// looks at the few thousand rows holding "smi", "mit" and "ith", not at 14 MB.
///
/// It only narrows: a row it names may still not contain the query (the runs can sit
/// apart, and bytes share classes), so every candidate is checked against the row's text
/// by the caller. What matches is therefore exactly what a scan finds.
///
/// Rows are numbered by ordinal: the rows of the build are their display positions then,
/// and rows added later take the next numbers, so adding one customer to a million appends
/// to a few short lists rather than renumbering them all; `positionOfOrdinal` says where
/// each row sits now.
struct TrigramIndex: Sendable {
    /// Bytes are mapped to 64 classes (letters, digits and the common punctuation of
    /// names, domains and addresses keep their own; other bytes share), so a key is 18 bits
    /// and the table of lists is 1 MB whatever the data.
    static let keyBits = 18
    static let keyCount = 1 << keyBits
    private static let keyMask: UInt32 = UInt32(keyCount - 1)

    /// The rows of the build, by key: `postings[offsets[k]..<offsets[k + 1]]`, ascending.
    private let offsets: [UInt32]
    private let postings: [UInt32]
    /// Rows added since the build, by key, ascending (every ordinal here ≥ `baseRows`).
    private var appended: [UInt32: [UInt32]] = [:]
    /// Keys held by more than an eighth of the rows at the build ("onm", "com" of every
    /// domain and email), as bits: their lists are not kept. Reading that many rows at
    /// random costs more than scanning them in order, so a query made only of such keys
    /// is scanned; one with a rarer key reads that key's rows. A third of the postings of
    /// a synthetic world were such keys.
    private let common: [UInt64]
    let baseRows: Int
    /// Where the row of each ordinal is in display order now.
    private(set) var positionOfOrdinal: [UInt32]

    var rowCount: Int { positionOfOrdinal.count }
    /// The memory its arrays hold (the short lists of added rows counted as their entries).
    var bytes: Int {
        (offsets.count + postings.count + positionOfOrdinal.count) * 4 + common.count * 8
            + appended.values.reduce(0) { $0 + $1.count * 4 }
    }
    var addedRows: Int { rowCount - baseRows }

    /// The class of each byte; 0 for the row and field separators, which no query holds,
    /// so no key spans them.
    static let byteClass: [UInt32] = (0..<256).map { value in
        let b = UInt8(value)
        switch b {
        case CustomerSearchIndex.fieldSeparator, CustomerSearchIndex.rowSeparator: return 0
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return 1 + UInt32(b - UInt8(ascii: "a"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 27 + UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: " "): return 37
        case UInt8(ascii: "."): return 38
        case UInt8(ascii: "@"): return 39
        case UInt8(ascii: "-"): return 40
        case ..<0x80: return 41 + UInt32(b % 4)
        // UTF-8 lead and continuation bytes of accented letters, Greek, CJK…
        default: return 45 + UInt32(b % 19)
        }
    }

    /// Calls `body` with the key of every three bytes of `bytes[from..<to]` that no
    /// separator breaks, repeats included (callers keep each row once per key).
    @inline(__always)
    private static func forEachKey(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ body: (UInt32) -> Void) {
        var key: UInt32 = 0
        var run = 0
        var i = from
        while i < to {
            let c = byteClass[Int(bytes[i])]
            i += 1
            if c == 0 {
                run = 0
                continue
            }
            key = ((key << 6) | c) & keyMask
            run += 1
            if run >= 3 { body(key) }
        }
    }

    /// Built over every row of `text` (`starts` has one entry per row plus the end): two
    /// passes, counting then filling, with each row counted once per key.
    init(text: UnsafeBufferPointer<UInt8>, starts: [Int]) {
        let rows = starts.count - 1
        var counts = [UInt32](repeating: 0, count: Self.keyCount + 1)
        var lastRow = [Int32](repeating: -1, count: Self.keyCount)
        counts.withUnsafeMutableBufferPointer { counts in
            lastRow.withUnsafeMutableBufferPointer { last in
                for row in 0..<rows {
                    let r = Int32(row)
                    Self.forEachKey(text, starts[row], starts[row + 1]) { key in
                        let k = Int(key)
                        if last[k] != r {
                            last[k] = r
                            counts[k + 1] += 1
                        }
                    }
                }
            }
        }
        var common = [UInt64](repeating: 0, count: Self.keyCount / 64)
        let commonAbove = UInt32(max(64, rows / 8))
        for k in 0..<Self.keyCount where counts[k + 1] > commonAbove {
            common[k / 64] |= 1 << UInt64(k % 64)
            counts[k + 1] = 0
        }
        self.common = common
        for k in 0..<Self.keyCount { counts[k + 1] += counts[k] }
        var fill = Array(counts[0..<Self.keyCount])
        var postings = [UInt32](repeating: 0, count: Int(counts[Self.keyCount]))
        lastRow = [Int32](repeating: -1, count: Self.keyCount)
        postings.withUnsafeMutableBufferPointer { postings in
            fill.withUnsafeMutableBufferPointer { fill in
                lastRow.withUnsafeMutableBufferPointer { last in
                    for row in 0..<rows {
                        let r = Int32(row)
                        Self.forEachKey(text, starts[row], starts[row + 1]) { key in
                            let k = Int(key)
                            if last[k] != r, common[k / 64] & (1 << UInt64(k % 64)) == 0 {
                                last[k] = r
                                postings[Int(fill[k])] = UInt32(row)
                                fill[k] += 1
                            }
                        }
                    }
                }
            }
        }
        offsets = counts
        self.postings = postings
        baseRows = rows
        positionOfOrdinal = (0..<rows).map { UInt32($0) }
    }

    /// This index after rows were inserted into the display order: row `b` of `added`
    /// (folded text, `addedStarts` as above) went in before the old row `insertedBefore[b]`
    /// (non-decreasing), so every old row moved down by the added rows at or before it.
    func adding(_ added: UnsafeBufferPointer<UInt8>, starts addedStarts: [Int], insertedBefore: [Int]) -> TrigramIndex {
        var next = self
        next.positionOfOrdinal = positionOfOrdinal.map { old in
            UInt32(Int(old) + insertedBefore.partitionPoint { $0 <= Int(old) })
        }
        for b in insertedBefore.indices {
            let ordinal = UInt32(next.positionOfOrdinal.count)
            next.positionOfOrdinal.append(UInt32(insertedBefore[b] + b))
            var seen: Set<UInt32> = []
            Self.forEachKey(added, addedStarts[b], addedStarts[b + 1]) { key in
                if !isCommon(key), seen.insert(key).inserted { next.appended[key, default: []].append(ordinal) }
            }
        }
        return next
    }

    private func isCommon(_ key: UInt32) -> Bool {
        common[Int(key) / 64] & (1 << UInt64(key % 64)) != 0
    }

    /// The distinct keys of a folded query whose rows are kept, rarest first.
    private func keys(of needle: [UInt8]) -> [UInt32] {
        var keys: [UInt32] = []
        needle.withUnsafeBufferPointer {
            Self.forEachKey($0, 0, $0.count) { if !isCommon($0), !keys.contains($0) { keys.append($0) } }
        }
        return keys.sorted { rowsHolding($0) < rowsHolding($1) }
    }

    /// How many rows hold `key`.
    private func rowsHolding(_ key: UInt32) -> Int {
        Int(offsets[Int(key) + 1] - offsets[Int(key)]) + (appended[key]?.count ?? 0)
    }

    /// The most rows a search for `needle` (three bytes or more) reads: the rows holding
    /// its rarest key. Nil for a needle too short to have a key, or made of common keys.
    func rowsToRead(_ needle: [UInt8]) -> Int? {
        keys(of: needle).first.map(rowsHolding)
    }

    /// The ordinals of the rows holding every key of `needle` (at most the rarest four are
    /// intersected: beyond that the check of the row's text is cheaper), ascending.
    func candidates(_ needle: [UInt8]) -> [UInt32] {
        let keys = keys(of: needle)
        guard let rarest = keys.first else { return [] }
        var found = Array(postings[Int(offsets[Int(rarest)])..<Int(offsets[Int(rarest) + 1])]) + (appended[rarest] ?? [])
        for key in keys.dropFirst().prefix(3) where !found.isEmpty {
            found = keeping(found, heldBy: key)
        }
        return found
    }

    /// The ordinals of `found` (ascending) whose rows hold `key` too. Lists of like length
    /// are walked side by side: a binary search for each of 20,000 rows in a list as long
    /// was most of a four-letter query's time at 1M ("café" took three times "alp"). A list
    /// much longer than `found` is searched instead, where the walk would read it all.
    private func keeping(_ found: [UInt32], heldBy key: UInt32) -> [UInt32] {
        let range = Int(offsets[Int(key)])..<Int(offsets[Int(key) + 1])
        let extra = appended[key] ?? []
        let baseRows = UInt32(baseRows)
        if range.count > 16 * found.count {
            let base = postings[range]
            return found.filter { $0 < baseRows ? base.sortedContains($0) : extra.sortedContains($0) }
        }
        var kept: [UInt32] = []
        kept.reserveCapacity(found.count)
        postings.withUnsafeBufferPointer { all in
            var next = range.lowerBound
            for ordinal in found {
                guard ordinal < baseRows else {
                    if extra.sortedContains(ordinal) { kept.append(ordinal) }
                    continue
                }
                while next < range.upperBound && all[next] < ordinal { next += 1 }
                if next < range.upperBound && all[next] == ordinal { kept.append(ordinal) }
            }
        }
        return kept
    }

    /// Display positions of `ordinals` (as `candidates` gives them), ascending: the rows of
    /// the build keep their order among themselves, so only the few added later are sorted
    /// and merged in.
    func positions(of ordinals: [UInt32], where keep: (Int) -> Bool) -> [Int] {
        var base: [Int] = [], added: [Int] = []
        for ordinal in ordinals {
            let position = Int(positionOfOrdinal[Int(ordinal)])
            guard keep(position) else { continue }
            if Int(ordinal) < baseRows { base.append(position) } else { added.append(position) }
        }
        guard !added.isEmpty else { return base }
        return Self.merge(base, added.sorted())
    }

    static func merge(_ a: [Int], _ b: [Int]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}

/// The trigram index of one `CustomerSearchIndex`, built when first wanted (opening
/// Customers stays as cheap as before) and carried along when customers are added. A
/// class behind a lock: the index is a shared value, searched from any thread, and built
/// on another thread while keystrokes go on without it.
final class TrigramSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var built: TrigramIndex?
    /// Whether a build asked for ahead of need (`prepare`) is under way.
    private var preparing = false

    init(_ built: TrigramIndex? = nil) {
        self.built = built
    }

    /// The index if it is built; never waits for a build under way.
    var ifBuilt: TrigramIndex? { lock.withLock { built } }

    /// Builds the index unless it is built or being built ahead of need: a second page
    /// of the same customers, opened while the first one's build runs, starts no other.
    func prepare(building: () -> TrigramIndex) {
        let start = lock.withLock {
            guard built == nil, !preparing else { return false }
            preparing = true
            return true
        }
        guard start else { return }
        _ = index(building: building)
        lock.withLock { preparing = false }
    }

    /// The index, built now if it is not (outside the lock: two builds at once waste one,
    /// and the first to finish is kept).
    func index(building: () -> TrigramIndex) -> TrigramIndex {
        if let built = ifBuilt { return built }
        let index = building()
        return lock.withLock {
            if let built { return built }
            built = index
            return index
        }
    }
}
