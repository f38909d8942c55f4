import PartnerCore

/// From version 11, after the customer places (inside the same checksum): where each
/// subscription is in the subscriptions section, by id, so an update of one subscription
/// (`WorkspaceStore.loadSubscriptions(matching:)`) resolves the short id typed and decodes
/// that subscription alone, without the section's 600,000 records at 200,000 customers.
///
///     count UInt64 | count × (subscription id high UInt64, low UInt64, place UInt64), by id
///
/// A place counts from the first byte after the section's length, as the summary's do
/// (`SubscriptionSummary`). Sorted by id, the ids a prefix matches are one run of entries:
/// a short id's are found by one binary search.
struct SubscriptionPlaces: Sendable {
    private let byId: EntryTable
    private static let entrySize = 24

    /// The first payload version that carries them.
    static let version: UInt32 = 11

    static func write(_ places: [(subscription: SubscriptionID, place: UInt64)], _ w: inout BinaryWriter) {
        EntryTable.writePlaces(byId: places.map { ($0.subscription, $0.place) }, &w)
    }

    static func read(_ r: inout BinaryReader) throws -> SubscriptionPlaces {
        SubscriptionPlaces(byId: try EntryTable.read(&r, entrySize: entrySize, what: "subscriptions (subscription places)"))
    }

    /// Every subscription whose id `prefix` matches, and where it is, in id order.
    func places(matching prefix: IdPrefix) throws -> [(subscription: SubscriptionID, place: UInt64)] {
        var found: [(subscription: SubscriptionID, place: UInt64)] = []
        var index = try byId.firstIndex(notBelow: prefix.value)
        while index < byId.count {
            var r = byId.entry(index)
            let id = try EntryTable.readId(&r)
            guard prefix.matches(id) else { break }
            found.append((id, try r.readUInt64()))
            index += 1
        }
        return found
    }
}
