import Synchronization

/// The first hex digits of an id as people type them: a short id (eight digits) or more,
/// with dashes where a GUID has them. Compared as bits, so finding one never formats an id.
public struct IdPrefix: Equatable, Sendable {
    /// The digits given, then zeros.
    public let value: Ident
    /// Ones over the digits given.
    public let mask: Ident

    /// Every digit of `id`: matches that id alone.
    public init(exactly id: Ident) {
        value = id
        mask = Ident(high: .max, low: .max)
    }

    /// Nil when no id's text can start with `text` (a dash or a digit where the GUID has
    /// the other, or a character that is neither); `text` is lower-case, as `Ident` prints.
    init?(_ text: some StringProtocol) {
        var high: UInt64 = 0, low: UInt64 = 0, digits = 0
        for (offset, ch) in text.utf8.enumerated() {
            let isDashPlace = offset == 8 || offset == 13 || offset == 18 || offset == 23
            if isDashPlace {
                guard ch == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard digits < 32, let nibble = Self.nibble(ch) else { return nil }
            if digits < 16 {
                high |= UInt64(nibble) << UInt64(60 - digits * 4)
            } else {
                low |= UInt64(nibble) << UInt64(60 - (digits - 16) * 4)
            }
            digits += 1
        }
        guard digits > 0 else { return nil }
        value = Ident(high: high, low: low)
        mask = Ident(high: Self.ones(digits), low: Self.ones(digits - 16))
    }

    public func matches(_ id: Ident) -> Bool {
        id.high & mask.high == value.high && id.low & mask.low == value.low
    }

    /// The leading `count` digits' bits set, as a mask over one word of 16 digits.
    private static func ones(_ count: Int) -> UInt64 {
        count <= 0 ? 0 : count >= 16 ? .max : ~(UInt64.max >> UInt64(count * 4))
    }

    private static func nibble(_ ch: UInt8) -> UInt8? {
        switch ch {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): ch - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): ch - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Ids bucketed by their leading bits (at most the first four hex digits, which every
/// short id has), so a prefix is looked for among a handful of ids instead of formatting
/// all of them. Built in two counting passes: about one iteration of the ids, less than a
/// sort, and so cheap enough for a command that looks up one id once.
struct ShortIdTable: Sendable {
    private let shift: UInt64
    /// `ids[starts[b]..<starts[b + 1]]` are the ids of bucket `b`.
    private let starts: [Int]
    private let ids: [Ident]

    init<Ids: Collection<Ident>>(_ source: Ids) {
        // About four ids a bucket, never more buckets than four hex digits tell apart.
        let bits = min(16, max(0, (source.count / 4).bitWidth - (source.count / 4).leadingZeroBitCount))
        shift = UInt64(64 - bits)
        var counts = [Int](repeating: 0, count: (1 << bits) + 1)
        for id in source { counts[Self.bucket(id.high, shift) + 1] += 1 }
        for b in 1..<counts.count { counts[b] += counts[b - 1] }
        starts = counts
        var next = counts
        var placed = [Ident](repeating: Ident(high: 0, low: 0), count: source.count)
        for id in source {
            let b = Self.bucket(id.high, shift)
            placed[next[b]] = id
            next[b] += 1
        }
        ids = placed
    }

    func ids(matching prefix: IdPrefix) -> [Ident] {
        let b = Self.bucket(prefix.value.high, shift)
        return ids[starts[b]..<starts[b + 1]].filter(prefix.matches)
    }

    private static func bucket(_ high: UInt64, _ shift: UInt64) -> Int {
        shift >= 64 ? 0 : Int(high >> shift)
    }
}

/// A `ShortIdTable` made on first use and then shared by every copy of the model it was
/// made for. A copy that has gained ids since keeps them in `ShortIdIndex`'s added list;
/// a copy that has fewer checks each id found against its own dictionary.
final class LazyShortIdTable: Sendable {
    private let table = Mutex<ShortIdTable?>(nil)

    func get(_ build: () -> ShortIdTable) -> ShortIdTable {
        table.withLock { table in
            if let table { return table }
            let built = build()
            table = built
            return built
        }
    }
}

/// The short-id index of one kind of record (customers, subscriptions): the table of the
/// ids there were when it was made, plus the ids added since. Records are never removed,
/// so those two hold every id the model has.
struct ShortIdIndex: Sendable {
    private var table = LazyShortIdTable()
    private var added: [Ident] = []
    /// Past this many added ids a new table is started, so lookups stay short in a
    /// dashboard that keeps adding records for hours.
    private static let addedLimit = 4096

    mutating func add(_ id: Ident) {
        if added.count >= Self.addedLimit {
            table = LazyShortIdTable()
            added = []
        }
        added.append(id)
    }

    /// The ids starting with `prefix`, each once; `all` gives every id when the table is made.
    func ids<Ids: Collection<Ident>>(matching prefix: IdPrefix, all: () -> Ids) -> [Ident] {
        var found = table.get { ShortIdTable(all()) }.ids(matching: prefix)
        for id in added where prefix.matches(id) && !found.contains(id) { found.append(id) }
        return found
    }
}

extension PartnerModel {
    /// The customers whose id starts with `text` (lower-case hex, dashes where a GUID has them).
    func customers(withIdPrefix text: String) -> [Customer] {
        guard let prefix = IdPrefix(text) else { return [] }
        return customerShortIds.ids(matching: prefix) { customers.keys }.compactMap { customers[$0] }
    }

    /// The subscriptions whose id starts with `text` (lower-case hex, dashes where a GUID has them).
    func subscriptions(withIdPrefix text: String) -> [Subscription] {
        guard let prefix = IdPrefix(text) else { return [] }
        return subscriptionShortIds.ids(matching: prefix) { subscriptions.keys }.compactMap { subscriptions[$0] }
    }
}
