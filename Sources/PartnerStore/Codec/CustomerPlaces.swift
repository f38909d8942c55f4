import Foundation
import PartnerCore

/// From version 10, after the subscription summary (inside the same checksum): where each
/// partner's customers are in the customers section, so a listing of one reseller's
/// customers (`DeferredSections.customers`) decodes those ~100 records rather than 200,000;
/// and where each customer is, so the renewals a sign-in records name their customers
/// without reading the rest.
///
///     count UInt64 | count × (partner id high UInt64, low UInt64, first UInt64, customers UInt64), by id
///     | places UInt64 | places × UInt64: each partner's run, `first` its index here, in section order
///     | customers UInt64 | customers × (customer id high UInt64, low UInt64, place UInt64), by id
///
/// A place counts from the first byte after the section's length, as the subscriptions'
/// do (`SubscriptionSummary`). A customer is listed under every partner it has a
/// relationship with, so the provider's run holds nearly every customer.
struct CustomerPlaces: Sendable {
    /// Each partner's run in `places`, by partner id.
    private let directory: EntryTable
    private let places: EntryTable
    private let byId: EntryTable
    private static let partnerEntrySize = 32
    private static let customerEntrySize = 24

    /// The first payload version that carries them.
    static let version: UInt32 = 10

    /// Where `customerPieces` put each customer, under each of its partners and by its id.
    struct Noted {
        var byPartner: [AccountID: [UInt64]] = [:]
        var byId: [(customer: CustomerID, place: UInt64)] = []
    }

    /// The customers section (with its length) in pieces, as `writeArray(model.customers.values)`
    /// writes it: the chunks unchanged since a snapshot file holds them copied from there
    /// (`SectionPieces.writeTable`); where each chunk lies, from the section's start; and
    /// where each customer's record begins, from the first byte after the length.
    static func customerPieces(_ model: PartnerModel) -> (pieces: [SnapshotPiece], chunks: [EncodedChunkBytes.Place], noted: Noted) {
        var noted = Noted()
        noted.byId.reserveCapacity(model.customers.count)
        let (pieces, chunks) = SectionPieces.writeTable(model.customers, capacity: 1 << 20,
                                                        encoding: { ModelCodec.write($0, &$1) },
                                                        noting: { customer, place in
            for relationship in customer.relationships { noted.byPartner[relationship.partnerId, default: []].append(place) }
            noted.byId.append((customer.id, place))
        })
        return (pieces, chunks, noted)
    }

    static func write(_ noted: Noted, _ w: inout BinaryWriter) {
        let byPartner = noted.byPartner
        let partners = byPartner.keys.sorted()
        w.writeUInt64(UInt64(partners.count))
        var first: UInt64 = 0
        for partner in partners {
            let count = UInt64(byPartner[partner]?.count ?? 0)
            w.writeUInt64(partner.high)
            w.writeUInt64(partner.low)
            w.writeUInt64(first)
            w.writeUInt64(count)
            first += count
        }
        w.writeUInt64(first)
        for partner in partners {
            for place in byPartner[partner] ?? [] { w.writeUInt64(place) }
        }
        EntryTable.writePlaces(byId: noted.byId.map { ($0.customer, $0.place) }, &w)
    }

    static func read(_ r: inout BinaryReader) throws -> CustomerPlaces {
        CustomerPlaces(directory: try EntryTable.read(&r, entrySize: partnerEntrySize, what: "partners (customer places)"),
                       places: try EntryTable.read(&r, entrySize: 8, what: "customer places"),
                       byId: try EntryTable.read(&r, entrySize: customerEntrySize, what: "customers (customer places)"))
    }

    /// Where `partner`'s customers are (none when it has none).
    func places(of partner: AccountID) throws -> [UInt64] {
        guard let found = try directory.entry(withId: partner) else { return [] }
        var r = found.rest
        return try run(first: try r.readUInt64(), count: try r.readUInt64(), at: found.offset)
    }

    /// Where `customer` is (nil when the snapshot has no such customer).
    func place(of customer: CustomerID) throws -> UInt64? {
        guard var (r, _) = try byId.entry(withId: customer) else { return nil }
        return try r.readUInt64()
    }

    private func run(first: UInt64, count: UInt64, at offset: Int) throws -> [UInt64] {
        let placeCount = UInt64(places.count)
        guard first <= placeCount, count <= placeCount - first else {
            throw StoreError.malformed(offset: offset, reason: "customer places: a run of \(count) from \(first) exceeds the \(placeCount) places")
        }
        return try (Int(first)..<Int(first + count)).map { index in
            var r = places.entry(index)
            return try r.readUInt64()
        }
    }
}
