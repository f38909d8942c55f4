import Foundation
import PartnerCore

/// From version 6, after the check mark (inside the checksum): what a command that leaves
/// the snapshot's subscriptions unread (`DeferredSections.ordersAndSubscriptions`) still
/// needs of them. Signing in records the terms that ended (rule 11), which needs them only
/// from the earliest hour a live term ends in; the Customers list shows each customer's
/// subscription tally, looked up here by binary search without decoding the table.
///
///     earliest term end: UInt8 0 (no live subscription) | 1 then Double (the start of
///         that hour, seconds since 2001)
///     | count UInt64 | count × (customer id high UInt64, low UInt64, active UInt32, total UInt32
///         [, from version 7: where its first subscription is in the subscriptions section, UInt64]), by id
///     [from version 7: | count UInt64 | count × (hour Int64, where that subscription is, UInt64):
///         every live subscription, by the hour its term ends (hours since 1970), then place]
///
/// Version 7's places let a store that has not read the subscriptions decode just the ones
/// it needs (`DeferredSubscriptions`): a customer's (to know what a replayed update
/// replaced) and those whose term ended (to decide the renewals). A place counts from the
/// first byte after the section's length; a customer's subscriptions lie one after another.
struct SubscriptionSummary: Sendable {
    /// No live term ends before this; nil when no subscription is live.
    let earliestLiveTermEnd: Date?
    /// The tallies by customer: 24-byte entries, 32 from version 7.
    private let tallies: EntryTable
    /// Version 7's term ends by hour (nil before): entries of 16 bytes.
    private let termEnds: EntryTable?
    var termEndCount: Int { termEnds?.count ?? 0 }
    private static let termEndEntrySize = 16

    /// The first payload version whose summary says where each subscription is.
    static let placesVersion: UInt32 = 7

    /// Where `SubscriptionPieces.write` put each customer's subscriptions, each live term end and each subscription.
    struct Places {
        struct Run {
            let customer: CustomerID
            var tally: SubscriptionTally
            let place: UInt64
        }
        var runs: [Run] = []
        var termEnds: [(hour: Int64, place: UInt64)] = []
        /// Every subscription's place, for `SubscriptionPlaces` (version 11).
        var byId: [(subscription: SubscriptionID, place: UInt64)] = []

        init(capacity: Int = 0) {
            termEnds.reserveCapacity(capacity)
            byId.reserveCapacity(capacity)
        }

        /// `subscription`, the next in the section's order, whose record begins at `place`.
        mutating func note(_ subscription: Subscription, at place: UInt64) {
            if runs.last?.customer != subscription.customerId {
                runs.append(Run(customer: subscription.customerId, tally: SubscriptionTally(active: 0, total: 0), place: place))
            }
            runs[runs.count - 1].tally.count(subscription)
            byId.append((subscription.id, place))
            if subscription.isLive {
                termEnds.append((Int64(TermEndIndex.hour(subscription.commitmentEndDate)), place))
            }
        }
    }

    /// Version 7. A customer whose subscriptions are not all in one run (a model whose
    /// index disagrees with its subscriptions: never a checked one) gets no places: the
    /// summary is written as if no subscription could be found, which only makes a
    /// deferring store read them all.
    static func write(_ model: PartnerModel, places: Places, _ w: inout BinaryWriter) {
        ModelCodec.write(model.termEnds.earliestEnd, &w)
        var byCustomer = KeyedEntries(capacity: places.runs.count)
        for (index, run) in places.runs.enumerated() { byCustomer.append(run.customer, value: UInt64(index)) }
        byCustomer.sort()
        let runs = byCustomer.entries
        let split = zip(runs, runs.dropFirst()).contains { $0.high == $1.high && $0.low == $1.low }
        w.writeUInt64(split ? 0 : UInt64(runs.count))
        if !split {
            for entry in runs {
                let run = places.runs[Int(entry.value)]
                w.writeUInt64(run.customer.high)
                w.writeUInt64(run.customer.low)
                w.writeUInt32(UInt32(clamping: run.tally.active))
                w.writeUInt32(UInt32(clamping: run.tally.total))
                w.writeUInt64(run.place)
            }
        }
        let ends = split ? [] : termEndsInOrder(places.termEnds)
        w.writeUInt64(UInt64(ends.count))
        for end in ends {
            w.writeUInt64(UInt64(bitPattern: KeyedEntries.signed(end.high)))
            w.writeUInt64(end.low)
        }
    }

    /// By hour, then place: the place is the key's low half, so equal hours need no second pass.
    private static func termEndsInOrder(_ termEnds: [(hour: Int64, place: UInt64)]) -> [KeyedEntries.Entry] {
        var ends = KeyedEntries(capacity: termEnds.count)
        for end in termEnds { ends.append(high: KeyedEntries.key(end.hour), low: end.place, value: 0) }
        ends.sort()
        return ends.entries
    }

    static func read(_ r: inout BinaryReader, version: UInt32) throws -> SubscriptionSummary {
        let earliest = try r.readOptional(ModelCodec.readDate)
        let entrySize = version >= placesVersion ? 32 : 24
        let tallies = try EntryTable.read(&r, entrySize: entrySize, what: "subscription tallies")
        let termEnds = version >= placesVersion ? try EntryTable.read(&r, entrySize: termEndEntrySize, what: "term ends") : nil
        return SubscriptionSummary(earliestLiveTermEnd: earliest, tallies: tallies, termEnds: termEnds)
    }

    /// Whether the summary says where each subscription is (version 7).
    var hasPlaces: Bool { termEnds != nil }

    /// The customer's tally as the snapshot's model has it (none: no subscription).
    func tally(of customer: CustomerID) -> SubscriptionTally {
        run(of: customer)?.tally ?? SubscriptionTally(active: 0, total: 0)
    }

    /// The customer's tally and where its subscriptions begin (nil before version 7).
    func run(of customer: CustomerID) -> (tally: SubscriptionTally, place: UInt64?)? {
        guard var (r, _) = try? tallies.entry(withId: customer),
              let active = try? r.readUInt32(), let total = try? r.readUInt32() else { return nil }
        let place = tallies.entrySize == 32 ? try? r.readUInt64() : nil
        return (SubscriptionTally(active: Int(active), total: Int(total)), place)
    }

    /// The `index`th live term end (by hour, then place): its hour and where that subscription is.
    func termEnd(_ index: Int) throws -> (hour: Int, place: UInt64) {
        guard let termEnds, index < termEnds.count else {
            throw StoreError.malformed(offset: 0, reason: "term end \(index) is not in the summary")
        }
        var r = termEnds.entry(index)
        return (Int(Int64(bitPattern: try r.readUInt64())), try r.readUInt64())
    }
}
