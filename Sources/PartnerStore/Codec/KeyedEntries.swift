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

    private static let digitCount = 16
    private static let radix = 256

    /// Sorted by key; equal keys keep their order.
    mutating func sort() {
        let count = entries.count
        guard count > 1 else { return }
        var counts = Self.digitCounts(entries)
        var scratch = [Entry](repeating: Entry(high: 0, low: 0, value: 0), count: count)
        for digit in 0..<Self.digitCount {
            let tally = counts[digit * Self.radix..<(digit + 1) * Self.radix]
            guard !tally.contains(count) else { continue }
            var next = 0
            for index in tally.indices {
                let here = counts[index]
                counts[index] = next
                next += here
            }
            Self.scatter(entries, into: &scratch, digit: digit, starts: &counts)
            swap(&entries, &scratch)
        }
    }

    /// Every digit's tally, in one pass: digit `d` is byte `d` of the key counted from its
    /// least significant end, its tally `radix` counts from `d * radix`.
    private static func digitCounts(_ entries: [Entry]) -> [Int] {
        var counts = [Int](repeating: 0, count: digitCount * radix)
        counts.withUnsafeMutableBufferPointer { counts in
            for entry in entries {
                for byte in 0..<8 {
                    counts[byte * radix + Int(truncatingIfNeeded: entry.low >> (8 * byte)) & 0xff] += 1
                    counts[(8 + byte) * radix + Int(truncatingIfNeeded: entry.high >> (8 * byte)) & 0xff] += 1
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
