import Foundation
import PartnerCore

/// What a store that left the snapshot's orders and subscriptions unread
/// (`DeferredSections.ordersAndSubscriptions`) knows of the subscriptions: the snapshot's
/// `SubscriptionSummary`, the subscriptions section's bytes (kept, never released, while
/// they are deferred) to decode single subscriptions from, and every subscription update
/// taken in since the snapshot. From it come what a deferring command and a sign-in read:
/// each customer's tally and the subscriptions whose term may have ended, the same as the
/// whole model gives (`DeferredSubscriptionsTests`).
///
/// Only updates of a subscription under the customer it already had are taken in (a
/// renewal, an expiry, a rename, a suspension): what one replaced is decoded from the
/// snapshot (its customer's run of subscriptions) or is an earlier update's. Anything else
/// that concerns subscriptions (an order, a new subscription, a subscription moved to
/// another customer or unknown), or any account or user (the open's check would read every
/// subscription), is refused: the store then reads them all.
struct DeferredSubscriptions {
    private let summary: SubscriptionSummary
    private let section: BinaryReader
    private let layout: ModelCodec.SubscriptionLayout
    /// The latest value of each subscription an update taken in named.
    private var updated: [SubscriptionID: Subscription] = [:]
    /// What those updates changed of each customer's tally.
    private var tallyChanges: [CustomerID: SubscriptionTally] = [:]
    /// The snapshot's subscriptions of its first term ends, decoded in the table's order as
    /// the questions reach them and kept: the snapshot never changes, every command asks
    /// (a batch asks twice a command, at its sign-in and at its change), and a book may
    /// hold a thousand term ends in one hour. Kept for the first `decodedTermEndsKept` only.
    private let decodedTermEnds = DecodedTermEnds()
    private static let decodedTermEndsKept = 8_192

    private final class DecodedTermEnds {
        var subscriptions: [Subscription] = []
    }

    /// The snapshot's subscription at term-end table entry `index` (at `place`); the
    /// questions walk the table from its start, so the kept ones are a prefix.
    private func snapshotTermEnd(_ index: Int, at place: UInt64) throws -> Subscription {
        if index < decodedTermEnds.subscriptions.count { return decodedTermEnds.subscriptions[index] }
        let subscription = try reading(at: place, expecting: 1) { try ModelCodec.readSubscription(&$0, layout: layout) }
        if index == decodedTermEnds.subscriptions.count, index < Self.decodedTermEndsKept {
            decodedTermEnds.subscriptions.append(subscription)
        }
        return subscription
    }

    init(summary: SubscriptionSummary, section: BinaryReader, layout: ModelCodec.SubscriptionLayout) {
        self.summary = summary
        self.section = section
        self.layout = layout
    }

    /// Whether the summary says where the live term ends are (version 7), so the renewals
    /// due can be decided without reading every subscription.
    var decidesTermEnds: Bool { summary.hasPlaces }

    /// Takes in `transactions`, all or none: false (and nothing taken) when one holds what
    /// this cannot follow without the subscriptions.
    mutating func takeIn(_ transactions: some Sequence<Transaction>) -> Bool {
        var next = self
        for transaction in transactions {
            for event in transaction.events {
                switch event {
                case .subscriptionUpdated(let subscription):
                    guard next.takeIn(update: subscription) else { return false }
                case .accountCreated, .accountUpdated, .userAdded, .userUpdated, .orderPlaced, .subscriptionCreated:
                    return false
                case .invitationUpdated, .partnershipUpdated, .membershipProfileRegistered, .listingUpdated,
                     .profileChangeRequestUpdated, .customerCreated, .customerUpdated:
                    continue
                }
            }
        }
        self = next
        return true
    }

    private mutating func takeIn(update new: Subscription) -> Bool {
        guard let old = updated[new.id] ?? (try? snapshotSubscription(new.id, of: new.customerId)) ?? nil,
              old.customerId == new.customerId else { return false }
        var change = tallyChanges[new.customerId] ?? SubscriptionTally(active: 0, total: 0)
        change.count(old, step: -1)
        change.count(new)
        tallyChanges[new.customerId] = change
        updated[new.id] = new
        return true
    }

    /// The customer's tally as the whole model has it now.
    func tally(of customer: CustomerID) -> SubscriptionTally {
        var tally = summary.tally(of: customer)
        if let change = tallyChanges[customer] {
            tally.active += change.active
            tally.total += change.total
        }
        return tally
    }

    /// What `PartnerModel.termEndCandidates(by:atLeast:)` gives on the whole model: the live
    /// subscriptions by the hour their term ends, whole hours up to now's, earliest first,
    /// until `wanted` are found. The snapshot's term ends come from its table (decoding only
    /// those), less the subscriptions updated since, whose latest values come from here.
    func termEndCandidates(by now: Date, atLeast wanted: Int) throws -> [Subscription] {
        let last = TermEndIndex.hour(now)
        let since = updated.values.filter { $0.isLive && TermEndIndex.hour($0.commitmentEndDate) <= last }
            .sorted { TermEndIndex.hour($0.commitmentEndDate) < TermEndIndex.hour($1.commitmentEndDate) }
        var found: [Subscription] = []
        var index = 0
        var next = 0
        while found.count < wanted {
            let tableHour = index < summary.termEndCount ? try summary.termEnd(index).hour : Int.max
            let sinceHour = next < since.count ? TermEndIndex.hour(since[next].commitmentEndDate) : Int.max
            let hour = min(tableHour, sinceHour)
            guard hour <= last else { break }
            while index < summary.termEndCount, case let entry = try summary.termEnd(index), entry.hour == hour {
                let subscription = try snapshotTermEnd(index, at: entry.place)
                index += 1
                if updated[subscription.id] == nil { found.append(subscription) }
            }
            while next < since.count, TermEndIndex.hour(since[next].commitmentEndDate) == hour {
                found.append(since[next])
                next += 1
            }
        }
        return found
    }

    /// The snapshot's subscription `id`, looked for among `customer`'s; nil when it has none such.
    private func snapshotSubscription(_ id: SubscriptionID, of customer: CustomerID) throws -> Subscription? {
        guard let run = summary.run(of: customer), let place = run.place else { return nil }
        return try reading(at: place, expecting: run.tally.total) { reader in
            for _ in 0..<run.tally.total {
                let subscription = try ModelCodec.readSubscription(&reader, layout: layout)
                if subscription.id == id { return subscription }
            }
            return nil
        }
    }

    /// What `read` reads from `place` in the section, having read from the file only the
    /// blocks it needs (a format-8 snapshot reads and checks its sections as needed,
    /// `ByteBuffer.load`): a guess at `subscriptions`' bytes first, more while `read` runs
    /// out of them.
    private func reading<T>(at place: UInt64, expecting subscriptions: Int,
                            _ read: (inout BinaryReader) throws -> T) throws -> T {
        guard place < UInt64(section.remaining) else {
            throw StoreError.malformed(offset: section.offset, reason: "subscription place \(place) is past the section's \(section.remaining) bytes")
        }
        let start = section.offset + Int(place), sectionEnd = section.offset + section.remaining
        var guess = max(1, subscriptions) * Self.bytesGuessed
        while true {
            let end = sectionEnd - start <= guess ? sectionEnd : start + guess
            try section.buffer.load(start..<end)
            var reader = section.window(start, end)
            do {
                return try read(&reader)
            } catch StoreError.malformed where end < sectionEnd {
                guess *= 4
            }
        }
    }

    /// More than most subscriptions take, so one read usually does.
    private static let bytesGuessed = 512
}
