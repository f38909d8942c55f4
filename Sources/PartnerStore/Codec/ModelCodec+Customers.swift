import Foundation
import PartnerCore

/// Customers: the bulk of a large snapshot, so no optional or array is spent where a field is always there.
extension ModelCodec {
    static func write(_ c: Customer, _ w: inout BinaryWriter) {
        write(c.id, &w)
        // The packed texts go out as they are stored, in the snapshot's order (which is `Customer.Text`'s).
        for text in Customer.Text.allCases {
            c.withUTF8(text) { utf8 in
                w.writeVarUInt(UInt64(utf8.count))
                w.writeRaw(UnsafeRawBufferPointer(utf8))
            }
        }
        write(c.associatedPartnerId, &w)
        w.writeArray(c.relationships) { w, relationship in
            write(relationship.partnerId, &w)
            wire.relationshipKinds.write(relationship.relationshipToPartner, &w)
            write(relationship.since, &w)
        }
        wire.customerChannels.write(c.channel, &w)
        write(c.createdAt, &w)
        w.writeString(c.adminUserName)
    }

    /// Each text's bytes go from the snapshot into the customer's packed record: no `String` is made.
    static func readCustomer(_ r: inout BinaryReader) throws -> Customer {
        var packer = Customer.Packer()
        return try readCustomer(&r, packer: &packer)
    }

    /// The same, packing in `packer`'s scratch bytes (a section's decoder keeps one for all its customers).
    static func readCustomer(_ r: inout BinaryReader, packer: inout Customer.Packer) throws -> Customer {
        packer.begin()
        let id = try readIdent(&r)
        for _ in Customer.Text.allCases { packer.appendText(try r.readStringBytes()) }
        let associated = try readOptionalIdent(&r)
        let count = try r.readCount("array count")
        packer.beginRelationships(count: count)
        for _ in 0..<count {
            let partner = try readIdent(&r)
            let kind = try wire.relationshipKinds.read(&r)
            packer.appendRelationship(partner: partner, kind: kind, since: try readDate(&r))
        }
        let channel = try wire.customerChannels.read(&r)
        let created = try readDate(&r)
        return packer.finish(id: id, associatedPartnerId: associated, channel: channel, createdAt: created,
                             adminUserName: try r.readStringBytes())
    }
}
