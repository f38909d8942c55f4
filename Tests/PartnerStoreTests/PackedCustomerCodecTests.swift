import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// The snapshot's and the journal's customer layout is unchanged by the packed customer
/// (issue 11, item 3): the writer below is the one before it, field by field from `String`s,
/// and both must give the same bytes; reading them back gives the same customer, and
/// damaged UTF-8 is repaired as `readString` repaired it.
struct PackedCustomerCodecTests {
    /// The customer writer as it was before the packed record.
    static func writeAsBefore(_ c: Customer, _ w: inout BinaryWriter) {
        ModelCodec.write(c.id, &w)
        w.writeString(c.companyProfile.domain)
        w.writeString(c.companyProfile.companyName)
        let b = c.billingProfile
        w.writeString(b.firstName)
        w.writeString(b.lastName)
        w.writeString(b.email)
        w.writeString(b.phone)
        w.writeString(b.culture)
        w.writeString(b.language)
        ModelCodec.write(b.defaultAddress, &w)
        ModelCodec.write(c.associatedPartnerId, &w)
        w.writeArray(c.relationships) { w, relationship in
            ModelCodec.write(relationship.partnerId, &w)
            ModelCodec.wire.relationshipKinds.write(relationship.relationshipToPartner, &w)
            ModelCodec.write(relationship.since, &w)
        }
        ModelCodec.wire.customerChannels.write(c.channel, &w)
        ModelCodec.write(c.createdAt, &w)
        w.writeString(c.adminUserName)
    }

    static func bytes(_ c: Customer, _ write: (Customer, inout BinaryWriter) -> Void) -> [UInt8] {
        var w = BinaryWriter()
        write(c, &w)
        return w.finish()
    }

    static func text(_ random: inout SeededFreshValues) -> String {
        let pieces = ["", "a", "Zoë", "Zoe\u{308}", "東京", "👩‍💻", "\u{0}", "\n", "admin@", "x.onmicrosoft.com", "Ａ"]
        let count = Int(random.next() % 3 == 0 ? 60 + random.next() % 200 : random.next() % 8)
        return (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func customer(_ random: inout SeededFreshValues) -> Customer {
        let domain = text(&random)
        let created = Date(timeIntervalSinceReferenceDate: Double(random.next() % 1_000_000_000) / 7)
        let relationships = (0..<Int(random.next() % 4)).map { _ in
            CustomerRelationship(partnerId: random.id(), since: random.next() % 2 == 0 ? created : Date(timeIntervalSinceReferenceDate: 3.5))
        }
        let address = PostalAddress(line1: text(&random), line2: text(&random), city: text(&random), state: text(&random),
                                    postalCode: text(&random), country: text(&random))
        return Customer(
            id: random.id(), companyProfile: CompanyProfile(domain: domain, companyName: text(&random)),
            billingProfile: BillingProfile(firstName: text(&random), lastName: text(&random), email: text(&random),
                                           phone: text(&random), culture: text(&random), language: text(&random),
                                           defaultAddress: address),
            associatedPartnerId: random.next() % 2 == 0 ? relationships.first?.partnerId : random.id(),
            relationships: relationships, channel: Customer.Channel.allCases[Int(random.next() % 3)], createdAt: created,
            adminUserName: random.next() % 2 == 0 ? "admin@\(domain)" : text(&random))
    }

    @Test func aCustomerWritesTheBytesItDidBeforeAndReadsBackEqual() throws {
        var random = SeededFreshValues(seed: 21)
        for _ in 0..<300 {
            let customer = Self.customer(&random)
            let written = Self.bytes(customer, ModelCodec.write)
            #expect(written == Self.bytes(customer, Self.writeAsBefore))
            var r = BinaryReader(written)
            let read = try ModelCodec.readCustomer(&r)
            try r.expectEnd("customer")
            #expect(read == customer)
            #expect(Self.bytes(read, ModelCodec.write) == written)
        }
    }

    /// A text that is not UTF-8 (damage the checksum missed, or an older writer's) reads
    /// as `readString` made it, U+FFFD for each bad sequence, and is written back repaired.
    @Test func damagedTextIsRepairedAsTheStringReaderDid() throws {
        let good = Customer(
            id: Ident(high: 3, low: 4), companyProfile: CompanyProfile(domain: "d.example", companyName: "ABCDEF"),
            billingProfile: BillingProfile(firstName: "", lastName: "", email: "", phone: "", culture: "", language: "",
                                           defaultAddress: PostalAddress()),
            associatedPartnerId: nil, relationships: [], channel: .ownMarketing, createdAt: Date(timeIntervalSinceReferenceDate: 1),
            adminUserName: "admin@d.example")
        var bytes = Self.bytes(good, ModelCodec.write)
        let name = try #require(bytes.firstRange(of: Array("ABCDEF".utf8)))
        bytes.replaceSubrange(name, with: [0x41, 0xFF, 0xC3, 0x42, 0xE6, 0x9D])
        var r = BinaryReader(bytes)
        let read = try ModelCodec.readCustomer(&r)
        let repaired = String(decoding: [0x41, 0xFF, 0xC3, 0x42, 0xE6, 0x9D] as [UInt8], as: UTF8.self)
        #expect(read.name == repaired)
        var again = good
        again.companyProfile.companyName = repaired
        #expect(Self.bytes(read, ModelCodec.write) == Self.bytes(again, ModelCodec.write))
    }
}
