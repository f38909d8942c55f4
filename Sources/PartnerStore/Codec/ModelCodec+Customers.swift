import Foundation
import PartnerCore

/// Customers: the bulk of a large snapshot, so no optional or array is spent where a field is always there.
extension ModelCodec {
    static func write(_ c: Customer, _ w: inout BinaryWriter) {
        write(c.id, &w)
        w.writeString(c.companyProfile.domain)
        w.writeString(c.companyProfile.companyName)
        let b = c.billingProfile
        w.writeString(b.firstName)
        w.writeString(b.lastName)
        w.writeString(b.email)
        w.writeString(b.phone)
        w.writeString(b.culture)
        w.writeString(b.language)
        write(b.defaultAddress, &w)
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

    static func readCustomer(_ r: inout BinaryReader) throws -> Customer {
        let id = try readIdent(&r)
        // The domain, email and admin are the customer's own; names, cultures and places
        // repeat from customer to customer and are shared.
        let company = CompanyProfile(domain: try r.readString(), companyName: try r.readSharedString())
        let billing = BillingProfile(
            firstName: try r.readSharedString(), lastName: try r.readSharedString(), email: try r.readString(),
            phone: try r.readString(), culture: try r.readSharedString(), language: try r.readSharedString(),
            defaultAddress: try readAddress(&r))
        let associated = try readOptionalIdent(&r)
        let relationships = try r.readArray { r in
            let partner = try readIdent(&r)
            let kind = try wire.relationshipKinds.read(&r)
            var relationship = CustomerRelationship(partnerId: partner, since: try readDate(&r))
            relationship.relationshipToPartner = kind
            return relationship
        }
        let channel = try wire.customerChannels.read(&r)
        return Customer(
            id: id, companyProfile: company, billingProfile: billing, associatedPartnerId: associated,
            relationships: relationships, channel: channel, createdAt: try readDate(&r),
            adminUserName: try r.readString())
    }
}
