import PartnerCore

/// The last bytes of a version-5 payload, inside its checksum: whether the model in it
/// held every invariant `partnerdash check` checks when it was written, and against which
/// offer catalog. An open of a marked snapshot checks only what the journal replays on top
/// (`PartnerModel.invariantViolations(after:)`); the checksum proves the bytes are the
/// ones that were checked.
///
///     state UInt8 (0 not checked, 1 checked without a catalog, 2 checked with one)
///     | catalog digest UInt32 (0 unless state is 2)
struct ModelCheckMark: Equatable, Sendable {
    private(set) var state: UInt8
    private(set) var catalogDigest: UInt32

    /// What older versions, and a snapshot whose check failed or never ran, say.
    static let unchecked = ModelCheckMark(state: 0, catalogDigest: 0)
    static let size = 5

    /// The mark of a model that `invariantViolations(catalog:)` found sound.
    static func checked(with catalog: OfferCatalog?) -> ModelCheckMark {
        catalog.map { ModelCheckMark(state: 2, catalogDigest: digest(of: $0)) } ?? ModelCheckMark(state: 1, catalogDigest: 0)
    }

    var isChecked: Bool { state != 0 }

    /// Whether an open with `catalog` may take this snapshot's model as checked: a check
    /// with a catalog covers an open without one, never the other way, and a catalog whose
    /// offers or ranges changed since makes the mark worthless.
    func covers(_ catalog: OfferCatalog?) -> Bool {
        switch (state, catalog) {
        case (0, _): false
        case (_, nil): true
        case (2, let catalog?): catalogDigest == Self.digest(of: catalog)
        default: false
        }
    }

    func write(_ w: inout BinaryWriter) {
        w.writeUInt8(state)
        w.writeUInt32(catalogDigest)
    }

    static func read(_ r: inout BinaryReader) throws -> ModelCheckMark {
        let at = r.offset
        let mark = ModelCheckMark(state: try r.readUInt8(), catalogDigest: try r.readUInt32())
        guard mark.state <= 2 else { throw StoreError.malformed(offset: at, reason: "\(mark.state) is not a known check mark") }
        return mark
    }

    /// CRC-32C of what rule 8 reads from the catalog (each offer's id and quantity range, by id).
    static func digest(of catalog: OfferCatalog) -> UInt32 {
        var w = BinaryWriter(capacity: 64 * catalog.offers.count)
        for offer in catalog.offers.sorted(by: { $0.id < $1.id }) {
            w.writeString(offer.id)
            w.writeVarInt(Int64(offer.minimumQuantity))
            w.writeVarInt(Int64(offer.maximumQuantity))
        }
        return CRC32C.checksum(w.finish())
    }
}
