import PartnerCore

/// The snapshot tail's tables (`SubscriptionSummary`, `SubscriptionPlaces`, `CustomerPlaces`)
/// put in key order before they are written. At 200,000 customers that is 200,000 runs and
/// about 600,000 term ends and subscription places, every snapshot: compared through
/// closures over tuples they cost about 0.47 s of the checkpoint thread. A radix sort over
/// the keys' bytes, least significant first, touches each entry a fixed number of times and
/// skips the bytes every key shares (an hour's high bytes, a place's), and, being stable,
/// leaves entries with equal keys in the order they came, as the sort it replaces did: the
/// bytes written are the same (`TailSortTests`).
struct KeyedEntries {
    /// A 128-bit key (compared as `high`, then `low`, unsigned) and what travels with it.
    struct Entry {
        var high: UInt64
        var low: UInt64
        var value: UInt64
    }

    private(set) var entries: [Entry] = []

    init(capacity: Int) { entries.reserveCapacity(capacity) }

    mutating func append(high: UInt64, low: UInt64, value: UInt64) {
        entries.append(Entry(high: high, low: low, value: value))
    }

    /// An id's key: the order `Ident`'s `<` gives.
    mutating func append(_ id: Ident, value: UInt64) {
        append(high: id.high, low: id.low, value: value)
    }

    /// A signed number's key, in the order `<` gives it.
    static func key(_ signed: Int64) -> UInt64 { UInt64(bitPattern: signed) ^ (1 << 63) }
    static func signed(_ key: UInt64) -> Int64 { Int64(bitPattern: key ^ (1 << 63)) }

    private static let radix = 256
    /// Runs of equal high halves shorter than this are put in order by insertion.
    private static let shortRun = 32

    /// Sorted by key; equal keys keep their order. By the high halves first, 8 of the 16
    /// bytes: ids are random, so their high halves alone nearly always decide, and the
    /// entries an hour holds come in place order already; only a run of equal high halves
    /// not in order by its low halves is sorted again, by those.
    mutating func sort() {
        guard entries.count > 1 else { return }
        Self.radixSort(&entries, digits: 8..<16)
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count && entries[end].high == entries[start].high { end += 1 }
            if end - start > 1 && !lowInOrder(start..<end) { sortByLow(start..<end) }
            start = end
        }
    }

    private func lowInOrder(_ run: Range<Int>) -> Bool {
        run.dropFirst().allSatisfy { entries[$0 - 1].low <= entries[$0].low }
    }

    private mutating func sortByLow(_ run: Range<Int>) {
        guard run.count >= Self.shortRun else {
            // Insertion: stable, and cheap for the few entries an id's high half shares.
            for index in run.dropFirst() {
                let entry = entries[index]
                var place = index
                while place > run.lowerBound && entries[place - 1].low > entry.low {
                    entries[place] = entries[place - 1]
                    place -= 1
                }
                entries[place] = entry
            }
            return
        }
        var sorting = Array(entries[run])
        Self.radixSort(&sorting, digits: 0..<8)
        entries.replaceSubrange(run, with: sorting)
    }

    /// Least significant digit first over `digits` (byte `d` of the key counted from the low
    /// half's least significant end), skipping a digit every entry shares. In place: the two
    /// buffers trade places each pass, so neither may be shared (a shared one is copied
    /// whole at its next write).
    private static func radixSort(_ entries: inout [Entry], digits: Range<Int>) {
        var counts = digitCounts(entries, digits: digits)
        var scratch = [Entry](repeating: Entry(high: 0, low: 0, value: 0), count: entries.count)
        for digit in digits {
            let tally = counts[digit * radix..<(digit + 1) * radix]
            guard !tally.contains(entries.count) else { continue }
            var next = 0
            for index in tally.indices {
                let here = counts[index]
                counts[index] = next
                next += here
            }
            scatter(entries, into: &scratch, digit: digit, starts: &counts)
            swap(&entries, &scratch)
        }
    }

    /// The tally of every digit of one half (`digits`: 0..<8 or 8..<16), in one pass: digit
    /// `d`'s `radix` counts start at `d * radix`.
    private static func digitCounts(_ entries: [Entry], digits: Range<Int>) -> [Int] {
        var counts = [Int](repeating: 0, count: 16 * radix)
        let fromHigh = digits.lowerBound >= 8
        counts.withUnsafeMutableBufferPointer { counts in
            for entry in entries {
                let half = fromHigh ? entry.high : entry.low
                for byte in 0..<8 {
                    counts[(digits.lowerBound + byte) * radix + Int(truncatingIfNeeded: half >> (8 * byte)) & 0xff] += 1
                }
            }
        }
        return counts
    }

    /// Moves each entry to the next free place of its digit's bucket (`starts`, from
    /// `digit * radix`, advanced as entries land).
    private static func scatter(_ entries: [Entry], into scratch: inout [Entry], digit: Int, starts: inout [Int]) {
        let base = digit * radix
        let shift = UInt64(8 * (digit % 8))
        let fromHigh = digit >= 8
        entries.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                starts.withUnsafeMutableBufferPointer { starts in
                    for entry in source {
                        let bucket = base + Int(truncatingIfNeeded: (fromHigh ? entry.high : entry.low) >> shift) & 0xff
                        target[starts[bucket]] = entry
                        starts[bucket] += 1
                    }
                }
            }
        }
    }
}
