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
///     | count UInt64 | count × (customer id high UInt64, low UInt64, active UInt32, total UInt32), by id
struct SubscriptionSummary: Sendable {
    /// No live term ends before this; nil when no subscription is live.
    let earliestLiveTermEnd: Date?
    private let table: BinaryReader
    private let count: Int
    private static let entrySize = 24

    static func write(_ model: PartnerModel, _ w: inout BinaryWriter) {
        ModelCodec.write(model.termEnds.earliestEnd, &w)
        let tallied = model.subscriptionsByCustomer.keys.sorted().compactMap { id in
            let tally = model.subscriptionTally(of: id)
            return tally.total > 0 ? (id, tally) : nil
        }
        w.writeUInt64(UInt64(tallied.count))
        for (id, tally) in tallied {
            w.writeUInt64(id.high)
            w.writeUInt64(id.low)
            w.writeUInt32(UInt32(clamping: tally.active))
            w.writeUInt32(UInt32(clamping: tally.total))
        }
    }

    static func read(_ r: inout BinaryReader) throws -> SubscriptionSummary {
        let earliest = try r.readOptional(ModelCodec.readDate)
        let at = r.offset
        let count = try r.readUInt64()
        guard count <= UInt64(r.remaining / entrySize) else {
            throw StoreError.malformed(offset: at, reason: "\(count) subscription tallies exceed the \(r.remaining) bytes left")
        }
        let table = r.window(r.offset, r.offset + Int(count) * entrySize)
        try r.skip(Int(count) * entrySize)
        return SubscriptionSummary(earliestLiveTermEnd: earliest, table: table, count: Int(count))
    }

    /// The customer's tally as the snapshot's model has it (none: no subscription).
    func tally(of customer: CustomerID) -> SubscriptionTally {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            guard let (id, tally) = entry(middle) else { break }
            if id == customer { return tally }
            if id < customer { low = middle + 1 } else { high = middle }
        }
        return SubscriptionTally(active: 0, total: 0)
    }

    private func entry(_ index: Int) -> (CustomerID, SubscriptionTally)? {
        let start = table.offset + index * Self.entrySize
        var r = table.window(start, start + Self.entrySize)
        guard let high = try? r.readUInt64(), let low = try? r.readUInt64(),
              let active = try? r.readUInt32(), let total = try? r.readUInt32() else { return nil }
        return (Ident(high: high, low: low), SubscriptionTally(active: Int(active), total: Int(total)))
    }
}
