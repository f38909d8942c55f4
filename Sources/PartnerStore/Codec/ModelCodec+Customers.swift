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
            switch relationship.relationshipToPartner {
            case .reseller: w.writeUInt8(1)
            }
            write(relationship.since, &w)
        }
        switch c.channel {
        case .ownMarketing: w.writeUInt8(1)
        case .microsoftReferral: w.writeUInt8(2)
        case .indirectProvider: w.writeUInt8(3)
        }
        write(c.createdAt, &w)
        w.writeString(c.adminUserName)
    }

    static func readCustomer(_ r: inout BinaryReader) throws -> Customer {
        let id = try readIdent(&r)
        let company = CompanyProfile(domain: try r.readString(), companyName: try r.readString())
        let billing = BillingProfile(
            firstName: try r.readString(), lastName: try r.readString(), email: try r.readString(),
            phone: try r.readString(), culture: try r.readString(), language: try r.readString(),
            defaultAddress: try readAddress(&r))
        let associated = try readOptionalIdent(&r)
        let relationships = try r.readArray { r in
            let partner = try readIdent(&r)
            switch try r.readUInt8() {
            case 1: break
            case let code: throw invalidCode("relationship to partner", code, r)
            }
            return CustomerRelationship(partnerId: partner, since: try readDate(&r))
        }
        let channel: Customer.Channel
        switch try r.readUInt8() {
        case 1: channel = .ownMarketing
        case 2: channel = .microsoftReferral
        case 3: channel = .indirectProvider
        case let code: throw invalidCode("customer channel", code, r)
        }
        return Customer(
            id: id, companyProfile: company, billingProfile: billing, associatedPartnerId: associated,
            relationships: relationships, channel: channel, createdAt: try readDate(&r),
            adminUserName: try r.readString())
    }
}
