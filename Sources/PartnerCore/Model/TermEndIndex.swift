import Foundation
import HashTreeCollections

/// The live subscriptions by the hour their term ends, so that "which terms ended by now"
/// (asked before every change, rule 11) looks at the hours that passed instead of every
/// subscription. `earliestHour` is a lower bound of the hours held: while now is before it,
/// nothing is due and the question costs one comparison. The hours are a persistent
/// dictionary, as the model's big collections are (see `PartnerModel`). A subscription is
/// held as its slot in the model's subscriptions table (4 bytes, not a 16-byte id; the model
/// never removes a subscription, so a slot names one for good).
public struct TermEndIndex: Sendable {
    private var byHour: TreeDictionary<Int, [UInt32]> = [:]
    private var earliestHour = Int.max

    public init() {}

    /// No live term ends before this (the start of the earliest hour held); nil when none
    /// is live. A snapshot keeps it, so a sign-in before it knows no term has ended
    /// without reading the subscriptions.
    public var earliestEnd: Date? {
        earliestHour == .max ? nil : Date(timeIntervalSince1970: Double(earliestHour) * 3_600)
    }

    public static func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 3_600).rounded(.down)) }

    /// `subscription`, stored at `slot` of the subscriptions table.
    mutating func insert(_ subscription: Subscription, slot: UInt32) {
        guard subscription.isLive else { return }
        let hour = Self.hour(subscription.commitmentEndDate)
        byHour[hour, default: []].append(slot)
        earliestHour = min(earliestHour, hour)
    }

    /// An update of `old` to `new`, at `slot`. One that leaves the entry as it is (a quantity change:
    /// live before and after, its term ending in the same hour) leaves the index alone:
    /// an hour holds thousands of ids, which a removal searches and copies.
    mutating func replace(_ old: Subscription?, with new: Subscription, slot: UInt32) {
        if let old, old.isLive == new.isLive, !new.isLive || Self.hour(old.commitmentEndDate) == Self.hour(new.commitmentEndDate) {
            return
        }
        if let old { remove(old, slot: slot) }
        insert(new, slot: slot)
    }

    mutating func remove(_ subscription: Subscription, slot: UInt32) {
        guard subscription.isLive else { return }
        let hour = Self.hour(subscription.commitmentEndDate)
        guard var ids = byHour[hour], let at = ids.firstIndex(of: slot) else { return }
        ids.remove(at: at)
        if ids.isEmpty {
            byHour[hour] = nil
            // Once per hour that empties: the bound stays exact, so the next question is cheap.
            if hour == earliestHour { earliestHour = byHour.keys.min() ?? .max }
        } else {
            byHour[hour] = ids
        }
    }

    /// The slots of the subscriptions whose term may have ended by `now`: every one in an hour up to now's (the
    /// caller checks each end exactly). With `atLeast`, only the earliest whole hours that
    /// hold that many: every term in an hour before now's has ended, so the `atLeast`
    /// earliest ends are among them, and a chunk of 20,000 of 200,000 due costs its own
    /// hours, not all of them.
    func candidates(by now: Date, atLeast wanted: Int = .max) -> [UInt32] {
        let last = Self.hour(now)
        guard earliestHour <= last else { return [] }
        // Usually only the current hour is due (terms that end later in it), and the hours
        // passed are few: looked up one by one instead of a walk over every hour held.
        if last - earliestHour < byHour.count {
            var ids: [UInt32] = []
            for hour in earliestHour...last {
                guard let held = byHour[hour] else { continue }
                ids += held
                if ids.count >= wanted { break }
            }
            return ids
        }
        let due = byHour.filter { $0.key <= last }
        var ids: [UInt32] = []
        for hour in due.keys.sorted() {
            ids += due[hour] ?? []
            if ids.count >= wanted { break }
        }
        return ids
    }
}

extension TermEndIndex {
    /// The index of many subscriptions at once (a snapshot's decode): the live ones' hours
    /// noted in one array as they come, then grouped by hour with a counting sort, and each
    /// hour put into the persistent dictionary once, rather than an update of the persistent
    /// dictionary (a path of nodes, copied as it grows) per subscription. An hour's ids are
    /// in the order added, as `insert` one at a time leaves them.
    struct Builder: Sendable {
        private var ends: [(hour: Int, slot: UInt32)] = []

        init(capacity: Int = 0) { ends.reserveCapacity(capacity) }

        /// `subscription`, at `slot` of the table being read.
        mutating func add(_ subscription: Subscription, slot: UInt32) {
            guard subscription.isLive else { return }
            ends.append((TermEndIndex.hour(subscription.commitmentEndDate), slot))
        }

        func finish() -> TermEndIndex {
            var index = TermEndIndex()
            guard let earliest = ends.lazy.map(\.hour).min(), let latest = ends.lazy.map(\.hour).max() else { return index }
            index.earliestHour = earliest
            let order = Self.byHour(ends.map(\.hour), from: earliest, to: latest)
            var start = 0
            while start < order.count {
                let hour = ends[order[start]].hour
                var end = start + 1
                while end < order.count, ends[order[end]].hour == hour { end += 1 }
                index.byHour[hour] = order[start..<end].map { ends[$0].slot }
                start = end
            }
            return index
        }

        /// The indexes of `hours` ordered by hour, equal hours in their order: a counting sort
        /// when the hours span no more than a few times as many hours as there are ends (terms
        /// end within a few years), a sort otherwise.
        static func byHour(_ hours: [Int], from earliest: Int, to latest: Int) -> [Int] {
            let span = latest.subtractingReportingOverflow(earliest)
            guard !span.overflow, span.partialValue < max(4 * hours.count, 1 << 16) else {
                return hours.indices.sorted { (hours[$0], $0) < (hours[$1], $1) }
            }
            var starts = [Int](repeating: 0, count: span.partialValue + 2)
            for hour in hours { starts[hour - earliest + 1] += 1 }
            for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
            var order = [Int](repeating: 0, count: hours.count)
            for (position, hour) in hours.enumerated() {
                order[starts[hour - earliest]] = position
                starts[hour - earliest] += 1
            }
            return order
        }
    }
}
