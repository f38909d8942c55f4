import Foundation

/// A customer of the provider. Its fields are packed into one `CustomerRecord` (see
/// there for why and how): the properties below read and rebuild it, so a change makes a
/// new record and a copy taken before it (a snapshot's) keeps the old one.
public struct Customer: Sendable, Codable, Identifiable {
    public enum Channel: String, Sendable, Codable, CaseIterable {
        case ownMarketing, microsoftReferral, indirectProvider
    }

    public var id: CustomerID
    private var record: CustomerRecord

    init(id: CustomerID, record: CustomerRecord) {
        self.id = id
        self.record = record
    }

    public init(id: CustomerID, companyProfile: CompanyProfile, billingProfile: BillingProfile,
                associatedPartnerId: AccountID?, relationships: [CustomerRelationship], channel: Channel,
                createdAt: Date, adminUserName: String) {
        let b = billingProfile, a = b.defaultAddress
        var packer = Packer()
        for text in [companyProfile.domain, companyProfile.companyName, b.firstName, b.lastName, b.email, b.phone,
                     b.culture, b.language, a.line1, a.line2, a.city, a.state, a.postalCode, a.country] {
            packer.appendText(text)
        }
        packer.beginRelationships(count: relationships.count)
        for r in relationships { packer.appendRelationship(partner: r.partnerId, kind: r.relationshipToPartner, since: r.since) }
        self = packer.finish(id: id, associatedPartnerId: associatedPartnerId, channel: channel, createdAt: createdAt,
                             adminUserName: adminUserName)
    }

    public var companyProfile: CompanyProfile {
        get { record.withBytes { CompanyProfile(domain: $0.string($0.textRange(0)), companyName: $0.string($0.textRange(1))) } }
        set { change { $0.companyProfile = newValue } }
    }

    /// The domain's UTF-8 bytes, read in place: the taken-domains index hashes and confirms
    /// 200,000 of them at an open, and `companyProfile` would make two strings for each.
    func withDomainBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try record.withBytes { try body($0.text($0.textRange(0))) }
    }

    /// Each relationship's partner, in order, read in place: `relationships` makes an array
    /// and a date for each, and the customers' table files every customer of an open under its partners.
    func forEachPartner(_ body: (AccountID) -> Void) {
        record.withBytes { r in _ = r.forEachRelationship { _, at, _, _ in body(r.ident(at)) } }
    }

    public var billingProfile: BillingProfile {
        get {
            record.withBytes { r in
                var at = CustomerRecord.textsOffset
                func next() -> String {
                    let count = r.varint(&at)
                    defer { at += count }
                    return r.string(at..<(at + count))
                }
                _ = next()
                _ = next()
                let first = next(), last = next(), email = next(), phone = next(), culture = next(), language = next()
                let address = PostalAddress(line1: next(), line2: next(), city: next(), state: next(), postalCode: next(),
                                            country: next())
                return BillingProfile(firstName: first, lastName: last, email: email, phone: phone, culture: culture,
                                      language: language, defaultAddress: address)
            }
        }
        set { change { $0.billingProfile = newValue } }
    }

    /// The indirect reseller it was created for, if any.
    public var associatedPartnerId: AccountID? {
        get { record.withBytes { $0.associatedPartnerId } }
        set { change { $0.associatedPartnerId = newValue } }
    }

    /// Its resellers of record: the partners with delegated admin access.
    public var relationships: [CustomerRelationship] {
        get { record.withBytes { $0.relationships() } }
        set { change { $0.relationships = newValue } }
    }

    public var channel: Channel {
        get { CustomerRecord.channels[Int(record.bytes[CustomerRecord.channelOffset])] }
        set { change { $0.channel = newValue } }
    }

    public var createdAt: Date {
        get { record.withBytes { $0.createdAt } }
        set { change { $0.createdAt = newValue } }
    }

    /// `admin@<domain>`: shown with a temporary password once, at creation.
    public var adminUserName: String {
        get { record.withBytes { $0.adminUserName } }
        set { change { $0.adminUserName = newValue } }
    }

    public var name: String { text(.companyName) }

    /// One text field, without making the others.
    public func text(_ field: Text) -> String {
        record.withBytes { $0.string($0.textRange(field.rawValue)) }
    }

    /// One text field's UTF-8 as stored, for a caller that copies or folds it without a `String`.
    public func withUTF8<R>(_ field: Text, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try record.withBytes { try body($0.text($0.textRange(field.rawValue))) }
    }

    public func isResellerOfRecord(_ partner: AccountID) -> Bool {
        record.withBytes { $0.hasPartner(partner) }
    }

    /// The fields one by one, as the struct held them before they were packed: what a
    /// change edits, what `Codable` writes (so the JSON is the same) and what equality falls back on.
    struct Fields: Equatable, Codable {
        var id: CustomerID
        var companyProfile: CompanyProfile
        var billingProfile: BillingProfile
        var associatedPartnerId: AccountID?
        var relationships: [CustomerRelationship]
        var channel: Channel
        var createdAt: Date
        var adminUserName: String
    }

    var fields: Fields {
        Fields(id: id, companyProfile: companyProfile, billingProfile: billingProfile, associatedPartnerId: associatedPartnerId,
               relationships: relationships, channel: channel, createdAt: createdAt, adminUserName: adminUserName)
    }

    init(_ f: Fields) {
        self.init(id: f.id, companyProfile: f.companyProfile, billingProfile: f.billingProfile,
                  associatedPartnerId: f.associatedPartnerId, relationships: f.relationships, channel: f.channel,
                  createdAt: f.createdAt, adminUserName: f.adminUserName)
    }

    private mutating func change(_ edit: (inout Fields) -> Void) {
        var f = fields
        edit(&f)
        self = Customer(f)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try Fields(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
    }
}

extension Customer: Equatable {
    /// Equal records are equal customers; records that differ can still hold equal fields
    /// (`String` equality is Unicode's canonical equivalence, not the bytes').
    public static func == (a: Customer, b: Customer) -> Bool {
        a.id == b.id && (a.record.bytes == b.record.bytes || a.fields == b.fields)
    }
}

public struct CustomerRelationship: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case reseller }

    public var partnerId: AccountID
    public var relationshipToPartner: Kind
    public var since: Date

    public init(partnerId: AccountID, since: Date) {
        self.partnerId = partnerId
        self.relationshipToPartner = .reseller
        self.since = since
    }
}

public struct CompanyProfile: Equatable, Sendable, Codable {
    /// `prefix.onmicrosoft.com`
    public var domain: String
    public var companyName: String

    public init(domain: String, companyName: String) {
        self.domain = domain
        self.companyName = companyName
    }
}

public struct BillingProfile: Equatable, Sendable, Codable {
    public var firstName: String
    public var lastName: String
    public var email: String
    public var phone: String
    /// e.g. `en-US`
    public var culture: String
    /// e.g. `en`
    public var language: String
    public var defaultAddress: PostalAddress

    public init(firstName: String, lastName: String, email: String, phone: String, culture: String,
                language: String, defaultAddress: PostalAddress) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.culture = culture
        self.language = language
        self.defaultAddress = defaultAddress
    }

    public var contactName: String { "\(firstName) \(lastName)".trimmingCharacters(in: .whitespaces) }
}
