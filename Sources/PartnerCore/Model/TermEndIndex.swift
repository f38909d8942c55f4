import Foundation
import HashTreeCollections

/// The live subscriptions by the hour their term ends, so that "which terms ended by now"
/// (asked before every change, rule 11) looks at the hours that passed instead of every
/// subscription. `earliestHour` is a lower bound of the hours held: while now is before it,
/// nothing is due and the question costs one comparison. The hours are a persistent
/// dictionary, as the model's big collections are (see `PartnerModel`).
public struct TermEndIndex: Sendable {
    private var byHour: TreeDictionary<Int, [SubscriptionID]> = [:]
    private var earliestHour = Int.max

    public init() {}

    /// No live term ends before this (the start of the earliest hour held); nil when none
    /// is live. A snapshot keeps it, so a sign-in before it knows no term has ended
    /// without reading the subscriptions.
    public var earliestEnd: Date? {
        earliestHour == .max ? nil : Date(timeIntervalSince1970: Double(earliestHour) * 3_600)
    }

    public static func hour(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 3_600).rounded(.down)) }

    mutating func insert(_ subscription: Subscription) {
        guard subscription.isLive else { return }
        let hour = Self.hour(subscription.commitmentEndDate)
        byHour[hour, default: []].append(subscription.id)
        earliestHour = min(earliestHour, hour)
    }

    /// An update of `old` to `new`. One that leaves the entry as it is (a quantity change:
    /// live before and after, its term ending in the same hour) leaves the index alone:
    /// an hour holds thousands of ids, which a removal searches and copies.
    mutating func replace(_ old: Subscription?, with new: Subscription) {
        if let old, old.isLive == new.isLive, !new.isLive || Self.hour(old.commitmentEndDate) == Self.hour(new.commitmentEndDate) {
            return
        }
        if let old { remove(old) }
        insert(new)
    }

    mutating func remove(_ subscription: Subscription) {
        guard subscription.isLive else { return }
        let hour = Self.hour(subscription.commitmentEndDate)
        guard var ids = byHour[hour], let at = ids.firstIndex(of: subscription.id) else { return }
        ids.remove(at: at)
        if ids.isEmpty {
            byHour[hour] = nil
            // Once per hour that empties: the bound stays exact, so the next question is cheap.
            if hour == earliestHour { earliestHour = byHour.keys.min() ?? .max }
        } else {
            byHour[hour] = ids
        }
    }

    /// The ids whose term may have ended by `now`: every id in an hour up to now's (the
    /// caller checks each end exactly). With `atLeast`, only the earliest whole hours that
    /// hold that many: every term in an hour before now's has ended, so the `atLeast`
    /// earliest ends are among them, and a chunk of 20,000 of 200,000 due costs its own
    /// hours, not all of them.
    func candidates(by now: Date, atLeast wanted: Int = .max) -> [SubscriptionID] {
        let last = Self.hour(now)
        guard earliestHour <= last else { return [] }
        let due = byHour.filter { $0.key <= last }
        var ids: [SubscriptionID] = []
        for hour in due.keys.sorted() {
            ids += due[hour] ?? []
            if ids.count >= wanted { break }
        }
        return ids
    }
}

extension TermEndIndex {
    /// The index of many subscriptions at once (a snapshot's decode): the live ones gathered
    /// by hour in a plain dictionary of a few thousand hours, which stays in the caches, and
    /// each hour put into the persistent one once, rather than an update of the persistent
    /// dictionary (a path of nodes, copied as it grows) per subscription. An hour's ids are
    /// in the order added, as `insert` one at a time leaves them.
    struct Builder: Sendable {
        private var groupOfHour: [Int: Int] = [:]
        private var hours: [Int] = []
        private var groups: [[SubscriptionID]] = []
        /// The group added to last: a customer's subscriptions often end in the same hour.
        private var last: (hour: Int, group: Int)?

        mutating func add(_ subscription: Subscription) {
            guard subscription.isLive else { return }
            let hour = TermEndIndex.hour(subscription.commitmentEndDate)
            let group: Int
            if let last, last.hour == hour {
                group = last.group
            } else if let known = groupOfHour[hour] {
                group = known
            } else {
                group = groups.count
                groupOfHour[hour] = group
                hours.append(hour)
                groups.append([])
            }
            last = (hour, group)
            groups[group].append(subscription.id)
        }

        func finish() -> TermEndIndex {
            var index = TermEndIndex()
            for (group, hour) in hours.enumerated() {
                index.byHour[hour] = groups[group]
                index.earliestHour = min(index.earliestHour, hour)
            }
            return index
        }
    }
}
