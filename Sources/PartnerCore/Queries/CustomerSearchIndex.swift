import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Type-to-filter over a fixed set of customers that stays instant at 200,000 of them.
///
/// Built once per set: every customer's company name, domain, contact name and email,
/// folded (lower case, no accents, no width variants) into one contiguous UTF-8 buffer,
/// one row per customer in display order. A query is folded the same way and found with
/// `memchr` + `memcmp` (glibc's `memmem` is not visible to Swift), over the whole buffer
/// or over the rows of an earlier result. Comparing
/// `String`s with `localizedCaseInsensitiveContains` over every row took ~330 ms at
/// 200k (measured on a 2-core machine); the flat buffer takes about 1.5 ms.
///
/// Rows are separated by `\n` and fields by `\t`. Folding turns every control character,
/// in the data and in a query alike, into a space, so a query never holds a separator and
/// a match never spans two fields or two customers.
///
/// A query of three bytes or more (three letters, or one CJK character) can instead read
/// only the rows a `TrigramIndex` names, checking each the same way: built the first time
/// a keystroke search wants it (`CustomerSearch`), and kept up to date by `adding`.
public struct CustomerSearchIndex: Sendable {
    /// The customers in display order: by company name as people read it (case, accents
    /// and the value of numbers: "Shop 2" before "Shop 10"), then by id, so the order is
    /// the same whatever order the customers came in.
    public let ids: [CustomerID]
    private let text: [UInt8]
    /// Where each row starts in `text`, plus the end: row `r` is `starts[r]..<starts[r + 1]`.
    private let starts: [Int]
    private let positionById: [CustomerID: Int]
    /// How often each byte occurs in `text`, to anchor searches on a rare one.
    private let byteCounts: [Int]
    private let trigrams: TrigramSlot

    public init(_ customers: some Sequence<Customer>) {
        var folder = Folder()
        var raw: [UInt8] = []
        var rawStarts: [Int] = []
        var nameEnds: [Int] = []
        var unsorted: [CustomerID] = []
        raw.reserveCapacity(customers.underestimatedCount * 80)
        for customer in customers {
            rawStarts.append(raw.count)
            // Folded from the customer's packed bytes: no `String` is made for any field.
            customer.withUTF8(.companyName) { folder.append($0, to: &raw) }
            nameEnds.append(raw.count)
            raw.append(Self.fieldSeparator)
            customer.withUTF8(.domain) { folder.append($0, to: &raw) }
            raw.append(Self.fieldSeparator)
            // First and last name as typed, not `contactName`: its Foundation trimming
            // was a third of the whole build.
            customer.withUTF8(.firstName) { folder.append($0, to: &raw) }
            raw.append(0x20)
            customer.withUTF8(.lastName) { folder.append($0, to: &raw) }
            raw.append(Self.fieldSeparator)
            customer.withUTF8(.email) { folder.append($0, to: &raw) }
            raw.append(Self.rowSeparator)
            unsorted.append(customer.id)
        }
        rawStarts.append(raw.count)
        let order = Self.displayOrder(raw, starts: rawStarts, nameEnds: nameEnds, ids: unsorted)

        var text: [UInt8] = []
        text.reserveCapacity(raw.count)
        var starts: [Int] = []
        starts.reserveCapacity(order.count + 1)
        var ids: [CustomerID] = []
        ids.reserveCapacity(order.count)
        var positions: [CustomerID: Int] = [:]
        positions.reserveCapacity(order.count)
        raw.withUnsafeBufferPointer { rows in
            for i in order {
                starts.append(text.count)
                text.append(contentsOf: UnsafeBufferPointer(rebasing: rows[rawStarts[i]..<rawStarts[i + 1]]))
                positions[unsorted[i]] = ids.count
                ids.append(unsorted[i])
            }
        }
        starts.append(text.count)
        var counts = [Int](repeating: 0, count: 256)
        text.withUnsafeBufferPointer { for b in $0 { counts[Int(b)] += 1 } }
        self.byteCounts = counts
        self.text = text
        self.starts = starts
        self.ids = ids
        self.positionById = positions
        trigrams = TrigramSlot()
    }

    /// The index of the model's customers in `ids` (ids it does not know are left out).
    /// When they are most of the model (a provider's page), the customers are visited in
    /// the table's own order and each asked for in the set: looking 1,000,000 ids up one by one jumped about the table and its
    /// records, a cache miss each, and grew faster than the book (3.3 s at 1M against
    /// 0.43 s at 200k, load 4–9). The rows are the same either way: their order is the
    /// display order, whatever order the customers came in.
    public init(model: PartnerModel, ids: CustomerIdSet) {
        if ids.count * 2 >= model.customers.count {
            self.init(model.customers.values.lazy.filter { ids.contains($0.id) })
        } else {
            self.init(ids.lazy.compactMap { model.customers[$0] })
        }
    }

    public var count: Int { ids.count }

    private init(ids: [CustomerID], text: [UInt8], starts: [Int], positionById: [CustomerID: Int], byteCounts: [Int],
                 trigrams: TrigramSlot) {
        self.ids = ids
        self.text = text
        self.starts = starts
        self.positionById = positionById
        self.byteCounts = byteCounts
        self.trigrams = trigrams
    }

    /// This index with `customers` added (none of them already in it), in the display
    /// order a whole new build would give: the few new rows are folded and sorted alone,
    /// then merged with the existing rows, which are copied, not folded again. What
    /// another process's new customer costs an open Customers page at 200,000.
    public func adding(_ customers: some Sequence<Customer>) -> CustomerSearchIndex {
        let extra = CustomerSearchIndex(customers)
        guard extra.count > 0 else { return self }
        // Where each new row goes is found by binary search, and the rows between are
        // copied in runs: a live update adds one customer to 200,000, and comparing,
        // copying and keying them one by one was most of the other dashboard's delay.
        var text: [UInt8] = [], starts: [Int] = [], ids: [CustomerID] = []
        text.reserveCapacity(self.text.count + extra.text.count)
        starts.reserveCapacity(count + extra.count + 1)
        ids.reserveCapacity(count + extra.count)
        var positions = positionById
        positions.reserveCapacity(count + extra.count)
        var a = 0
        var insertedBefore: [Int] = []
        insertedBefore.reserveCapacity(extra.count)
        func copyOwnRows(upTo end: Int) {
            guard a < end else { return }
            let shift = text.count - self.starts[a]
            text.append(contentsOf: self.text[self.starts[a]..<self.starts[end]])
            starts.append(contentsOf: self.starts[a..<end].lazy.map { $0 + shift })
            let moved = ids.count - a
            if moved != 0 {
                for row in a..<end { positions[self.ids[row]] = row + moved }
            }
            ids.append(contentsOf: self.ids[a..<end])
            a = end
        }
        for b in 0..<extra.count {
            copyOwnRows(upTo: firstRow(notPreceding: extra, b, from: a))
            insertedBefore.append(a)
            starts.append(text.count)
            text.append(contentsOf: extra.text[extra.starts[b]..<extra.starts[b + 1]])
            positions[extra.ids[b]] = ids.count
            ids.append(extra.ids[b])
        }
        copyOwnRows(upTo: count)
        starts.append(text.count)
        let counts = zip(byteCounts, extra.byteCounts).map { $0 + $1 }
        return CustomerSearchIndex(ids: ids, text: text, starts: starts, positionById: positions, byteCounts: counts,
                                   trigrams: TrigramSlot(trigrams(adding: extra, insertedBefore: insertedBefore)))
    }

    /// The trigram index with `extra`'s rows added, if one was built; nil (built again when
    /// next wanted) once the rows added since its build outgrow an eighth of it, so the
    /// short lists of added rows stay short.
    private func trigrams(adding extra: CustomerSearchIndex, insertedBefore: [Int]) -> TrigramIndex? {
        guard let built = trigrams.ifBuilt, built.addedRows + extra.count <= max(1024, built.baseRows / 8) else { return nil }
        return extra.text.withUnsafeBufferPointer { built.adding($0, starts: extra.starts, insertedBefore: insertedBefore) }
    }

    /// The first of this index's rows at or after `low` that row `b` of `other` comes
    /// before (the rows are in display order, so those it follows are a prefix).
    private func firstRow(notPreceding other: CustomerSearchIndex, _ b: Int, from low: Int) -> Int {
        (low..<count).partitionPoint { Self.rowPrecedes(self, $0, other, b) }
    }

    /// Whether row `a` of `x` comes before row `b` of `y` in display order: by folded
    /// name in natural order, then by id.
    private static func rowPrecedes(_ x: CustomerSearchIndex, _ a: Int, _ y: CustomerSearchIndex, _ b: Int) -> Bool {
        let order = x.text.withUnsafeBufferPointer { xs in
            y.text.withUnsafeBufferPointer { ys in
                naturalOrder(xs.baseAddress.map { $0 + x.starts[a] }, x.nameLength(a),
                             ys.baseAddress.map { $0 + y.starts[b] }, y.nameLength(b))
            }
        }
        return order != 0 ? order < 0 : x.ids[a] < y.ids[b]
    }

    /// The length of row `row`'s folded company name (up to the first field separator).
    private func nameLength(_ row: Int) -> Int {
        var end = starts[row]
        while end < starts[row + 1], text[end] != Self.fieldSeparator { end += 1 }
        return end - starts[row]
    }

    /// Where a customer is in display order.
    public func position(of id: CustomerID) -> Int? { positionById[id] }

    /// The positions of some customers, in display order: a reseller filter from the
    /// model's `customersByPartner` index, without scanning the rows.
    public func positions(of ids: some Sequence<CustomerID>) -> [Int] {
        ids.compactMap { positionById[$0] }.sorted()
    }

    /// How a search finds its rows; every way finds the same rows.
    public enum Method: Sendable {
        /// Every row (or every candidate), as `memchr` + `memcmp`.
        case scan
        /// For three bytes or more, the rows the trigram index names (built now if it was
        /// not), each checked as a scan would.
        case trigrams
        /// The trigram index when it reads fewer rows than the scan would, building it if
        /// need be: what a list searched at every keystroke wants.
        case cheapest
        /// The trigram index only if it is already built and reads fewer rows: for a
        /// single search (`customers list`), where building it would cost more than it saves.
        case cheapestBuilt
    }

    /// The positions, in display order, of the customers whose name, domain, contact or
    /// email contains `query` (folded). An empty query matches every candidate.
    /// `candidates` (ascending positions) limits the search to those rows.
    public func positions(matching query: String, within candidates: [Int]? = nil, method: Method = .cheapestBuilt) -> [Int] {
        positions(matchingFolded: Self.fold(query), within: candidates, method: method)
    }

    func positions(matchingFolded needle: [UInt8], within candidates: [Int]?, method: Method = .cheapestBuilt) -> [Int] {
        if needle.isEmpty { return candidates ?? Array(ids.indices) }
        if prefersTrigrams(needle, within: candidates, method: method) {
            return positions(matchingFolded: needle, within: candidates, trigrams: buildTrigrams())
        }
        return scan(needle, within: candidates)
    }

    /// Rows a scan of the whole text reads (in order, `memchr` skipping most bytes) in the
    /// time it takes to check one row the trigram index names (at random).
    private static let scanRowsPerRandomRow = 8

    private func trigramIndex(for method: Method) -> TrigramIndex? {
        switch method {
        case .scan: return nil
        case .cheapestBuilt: return trigrams.ifBuilt
        case .trigrams, .cheapest: return buildTrigrams()
        }
    }

    /// Builds the trigram index now if no search did yet, and no other thread is already
    /// building it this way: for a caller that would rather pay for it before the first
    /// keystroke (and for the benchmark, which times it).
    public func prepareTrigrams() {
        trigrams.prepare { text.withUnsafeBufferPointer { TrigramIndex(text: $0, starts: starts) } }
    }

    /// The memory the trigram index holds, if it is built: for the benchmark.
    public var trigramIndexBytes: Int? { trigrams.ifBuilt?.bytes }

    private func buildTrigrams() -> TrigramIndex {
        trigrams.index { text.withUnsafeBufferPointer { TrigramIndex(text: $0, starts: starts) } }
    }

    /// The rows the trigram index names for `needle`, each checked against its text, kept
    /// to `candidates` (ascending) when given.
    private func positions(matchingFolded needle: [UInt8], within candidates: [Int]?, trigrams: TrigramIndex) -> [Int] {
        scan(needle, within: trigramRows(needle, within: candidates, trigrams: trigrams))
    }

    /// The rows the trigram index names for `needle` (building it if need be), ascending
    /// and kept to `candidates` when given: each may still not contain it.
    func trigramRows(_ needle: [UInt8], within candidates: [Int]?) -> [Int] {
        trigramRows(needle, within: candidates, trigrams: buildTrigrams())
    }

    private func trigramRows(_ needle: [UInt8], within candidates: [Int]?, trigrams: TrigramIndex) -> [Int] {
        let inScope: (Int) -> Bool = candidates.map { scope in { scope.sortedContains($0) } } ?? { _ in true }
        return trigrams.positions(of: trigrams.candidates(needle), where: inScope)
    }

    private func scan(_ needle: [UInt8], within candidates: [Int]?) -> [Int] {
        var found: [Int] = []
        let anchor = anchorOffset(needle)
        if let candidates {
            _ = scan(needle, anchor: anchor, candidates: candidates, slots: candidates.indices, enough: .max, into: &found)
        } else {
            _ = scan(needle, anchor: anchor, rows: 0..<count, enough: .max, into: &found)
        }
        return found
    }

    /// Reads the rows `rows` in order for `needle`, adding each match to `found`, until
    /// `found` holds `enough`; returns the row after the last one read (the end of `rows`
    /// when it stopped for want of rows). What `CustomerSearchRun` does a slice at a time.
    func scan(_ needle: [UInt8], anchor: Int, rows: Range<Int>, enough: Int, into found: inout [Int]) -> Int {
        guard !rows.isEmpty, found.count < enough else { return rows.lowerBound }
        return text.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { nd in
                guard let base = hay.baseAddress else { return rows.upperBound }
                let end = starts[rows.upperBound]
                var offset = starts[rows.lowerBound], row = rows.lowerBound
                while let at = Self.find(nd, anchor: anchor, in: base, from: offset, to: end) {
                    while starts[row + 1] <= at { row += 1 }
                    found.append(row)
                    row += 1
                    if found.count >= enough { return row }
                    offset = starts[row]
                }
                return rows.upperBound
            }
        }
    }

    /// Reads `candidates[slots]` (ascending rows) for `needle` as `scan(_:anchor:rows:enough:into:)`
    /// reads rows; returns the slot after the last one read.
    func scan(_ needle: [UInt8], anchor: Int, candidates: [Int], slots: Range<Int>, enough: Int, into found: inout [Int]) -> Int {
        guard !slots.isEmpty, found.count < enough else { return slots.lowerBound }
        return text.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { nd in
                guard let base = hay.baseAddress else { return slots.upperBound }
                for slot in slots {
                    let row = candidates[slot]
                    guard Self.find(nd, anchor: anchor, in: base, from: starts[row], to: starts[row + 1]) != nil else { continue }
                    found.append(row)
                    if found.count >= enough { return slot + 1 }
                }
                return slots.upperBound
            }
        }
    }

    /// Whether `method` would read the trigram index's rows for `needle` rather than scan
    /// the `rows` (all of them, or candidates) in order.
    func prefersTrigrams(_ needle: [UInt8], within candidates: [Int]?, method: Method) -> Bool {
        guard let trigrams = trigramIndex(for: method), let read = trigrams.rowsToRead(needle) else { return false }
        return method == .trigrams || (candidates.map { read < $0.count } ?? (read * Self.scanRowsPerRandomRow < count))
    }

    /// Of `candidates` (ascending positions), those whose company name starts with `query`
    /// (folded): a finder lists them before names that only contain it.
    public func positions(whoseNameStartsWith query: String, within candidates: [Int]) -> [Int] {
        let needle = Self.fold(query)
        guard !needle.isEmpty else { return candidates }
        return text.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { nd in
                guard let base = hay.baseAddress, let first = nd.baseAddress else { return [] }
                // The name is a row's first field; a folded needle holds no tab, so it never runs past it.
                return candidates.filter { row in
                    starts[row + 1] - starts[row] >= nd.count && memcmp(base + starts[row], first, nd.count) == 0
                }
            }
        }
    }

    /// The needle's byte that is rarest in the rows: `memchr` looks for it (vectorised,
    /// and it seldom stops), and only its hits are compared whole. Searching for the
    /// first byte instead stops at every "a" or "e" of 14 MB.
    func anchorOffset(_ needle: [UInt8]) -> Int {
        var best = 0
        for i in needle.indices where byteCounts[Int(needle[i])] < byteCounts[Int(needle[best])] { best = i }
        return best
    }

    /// The first match of `needle` in `base[from..<to]`, as an offset from `base`.
    private static func find(_ needle: UnsafeBufferPointer<UInt8>, anchor: Int, in base: UnsafePointer<UInt8>,
                             from: Int, to: Int) -> Int? {
        let n = needle.count
        guard n > 0, let first = needle.baseAddress, to - from >= n else { return nil }
        let byte = Int32(needle[anchor])
        // A byte beside the anchor, compared before calling `memcmp`: most hits of a common
        // anchor fail on it, and the call per hit was most of a long read at 1M.
        let other = anchor == 0 ? n - 1 : 0
        let otherByte = needle[other]
        var p = from + anchor
        let lastAnchor = to - n + anchor
        while p <= lastAnchor {
            guard let hit = memchr(base + p, byte, lastAnchor - p + 1) else { return nil }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            let start = at - anchor
            if base[start + other] == otherByte, n <= 2 || memcmp(base + start, first, n) == 0 { return start }
            p = at + 1
        }
        return nil
    }

    // MARK: Folding

    static let fieldSeparator = UInt8(ascii: "\t")
    static let rowSeparator = UInt8(ascii: "\n")

    /// Text as the index stores and compares it: lower case, accents removed, full-width
    /// forms made plain, controls turned into spaces, invisible format characters dropped.
    public static func fold(_ text: String) -> [UInt8] {
        var folder = Folder()
        var out: [UInt8] = []
        folder.append(text, to: &out)
        return out
    }

    /// Folds ASCII byte by byte and everything else one scalar at a time through
    /// Foundation, remembering each scalar's folding: names repeat their letters, so
    /// 200k rows cost a few hundred Foundation calls, not 200k.
    struct Folder {
        private var cache: [UInt32: [UInt8]] = [:]

        mutating func append(_ text: String, to out: inout [UInt8]) {
            var text = text
            text.withUTF8 { append($0, to: &out) }
        }

        /// Valid UTF-8 (a `String`'s, or a customer's packed text).
        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    out.append(Self.foldASCII(b))
                    i += 1
                    continue
                }
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                let end = min(i + length, bytes.count)
                var key: UInt32 = 0
                for k in i..<end { key = key << 8 | UInt32(bytes[k]) }
                if let folded = cache[key] {
                    out.append(contentsOf: folded)
                } else {
                    let folded = Self.foldScalar(UnsafeBufferPointer(rebasing: bytes[i..<end]))
                    cache[key] = folded
                    out.append(contentsOf: folded)
                }
                i = end
            }
        }

        static func foldASCII(_ b: UInt8) -> UInt8 {
            if b < 0x20 || b == 0x7F { return 0x20 }
            if b >= 0x41 && b <= 0x5A { return b + 0x20 }
            return b
        }

        static func foldScalar(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            let s = String(decoding: bytes, as: UTF8.self)
            guard let scalar = s.unicodeScalars.first else { return [] }
            switch scalar.properties.generalCategory {
            // A lone combining accent (a decomposed é) goes, as the precomposed one's does.
            case .format, .nonspacingMark, .enclosingMark: return []
            case .control, .lineSeparator, .paragraphSeparator: return [0x20]
            default: break
            }
            let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                .lowercased()
            return (letters[folded] ?? folded).utf8.map(foldASCII)
        }

        /// Letters that are not a base letter plus an accent, so folding keeps them, but
        /// that people type as plain Latin ("Lodz" for Łódź) and expect sorted with it.
        static let letters: [String: String] = [
            "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t",
        ]
    }

    // MARK: Order

    /// Sorts the rows by their folded names, comparing them in place with no
    /// per-comparison locale work (localizedStandardCompare would take seconds at 200k).
    /// Each distinct name is compared once: names repeat (every "Contoso Ltd" of a
    /// synthetic world), and rows then sort by two integers, the name's rank and the id.
    private static func displayOrder(_ raw: [UInt8], starts: [Int], nameEnds: [Int], ids: [CustomerID]) -> [Int] {
        var nameNumber: [ArraySlice<UInt8>: Int] = [:]
        var firstRow: [Int] = []
        var numberOfRow: [Int] = []
        numberOfRow.reserveCapacity(ids.count)
        for row in ids.indices {
            let name = raw[starts[row]..<nameEnds[row]]
            if let n = nameNumber[name] {
                numberOfRow.append(n)
            } else {
                nameNumber[name] = firstRow.count
                numberOfRow.append(firstRow.count)
                firstRow.append(row)
            }
        }
        let sortedNames: [Int] = raw.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return Array(firstRow.indices) }
            return firstRow.indices.sorted { x, y in
                let a = firstRow[x], b = firstRow[y]
                return naturalOrder(base + starts[a], nameEnds[a] - starts[a], base + starts[b], nameEnds[b] - starts[b]) < 0
            }
        }
        var rank = [Int](repeating: 0, count: firstRow.count)
        for (position, name) in sortedNames.enumerated() { rank[name] = position }
        return orderByRank(ids.indices.map { rank[numberOfRow[$0]] }, ids: ids)
    }

    /// The rows by their name's rank, then by id: a counting sort on the rank (the rows of
    /// one name are usually one or two), where sorting every row by the pair was the
    /// build's second largest cost at 1M.
    package static func orderByRank(_ rankOfRow: [Int], ids: [CustomerID]) -> [Int] {
        var groupStart = [Int](repeating: 0, count: (rankOfRow.max() ?? -1) + 2)
        for rank in rankOfRow { groupStart[rank + 1] += 1 }
        for r in groupStart.indices.dropFirst() { groupStart[r] += groupStart[r - 1] }
        var next = groupStart
        var order = [Int](repeating: 0, count: rankOfRow.count)
        for (row, rank) in rankOfRow.enumerated() {
            order[next[rank]] = row
            next[rank] += 1
        }
        for r in groupStart.indices.dropLast() where groupStart[r + 1] - groupStart[r] > 1 {
            order[groupStart[r]..<groupStart[r + 1]].sort { ids[$0] < ids[$1] }
        }
        return order
    }

    /// Compares folded names as people read them: byte order, except that runs of digits
    /// compare by value. Negative, zero or positive.
    static func naturalOrder(_ a: UnsafePointer<UInt8>?, _ an: Int, _ b: UnsafePointer<UInt8>?, _ bn: Int) -> Int {
        guard let a, let b else { return an - bn }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var i = 0, j = 0
        while i < an && j < bn {
            let x = a[i], y = b[j]
            if isDigit(x) && isDigit(y) {
                var i0 = i, j0 = j
                while i0 < an - 1 && a[i0] == 0x30 && isDigit(a[i0 + 1]) { i0 += 1 }
                while j0 < bn - 1 && b[j0] == 0x30 && isDigit(b[j0 + 1]) { j0 += 1 }
                var i1 = i0, j1 = j0
                while i1 < an && isDigit(a[i1]) { i1 += 1 }
                while j1 < bn && isDigit(b[j1]) { j1 += 1 }
                if i1 - i0 != j1 - j0 { return (i1 - i0) - (j1 - j0) }
                for k in 0..<(i1 - i0) where a[i0 + k] != b[j0 + k] { return Int(a[i0 + k]) - Int(b[j0 + k]) }
                i = i1
                j = j1
                continue
            }
            if x != y { return Int(x) - Int(y) }
            i += 1
            j += 1
        }
        return (an - i) - (bn - j)
    }
}
