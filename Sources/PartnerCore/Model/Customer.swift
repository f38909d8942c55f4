import Foundation

public struct Customer: Equatable, Sendable, Codable, Identifiable {
    public enum Channel: String, Sendable, Codable, CaseIterable {
        case ownMarketing, microsoftReferral, indirectProvider
    }

    public var id: CustomerID
    public var companyProfile: CompanyProfile
    public var billingProfile: BillingProfile
    /// The indirect reseller it was created for, if any.
    public var associatedPartnerId: AccountID?
    /// Its resellers of record: the partners with delegated admin access.
    public var relationships: [CustomerRelationship]
    public var channel: Channel
    public var createdAt: Date
    /// `admin@<domain>`: shown with a temporary password once, at creation.
    public var adminUserName: String

    public init(id: CustomerID, companyProfile: CompanyProfile, billingProfile: BillingProfile,
                associatedPartnerId: AccountID?, relationships: [CustomerRelationship], channel: Channel,
                createdAt: Date, adminUserName: String) {
        self.id = id
        self.companyProfile = companyProfile
        self.billingProfile = billingProfile
        self.associatedPartnerId = associatedPartnerId
        self.relationships = relationships
        self.channel = channel
        self.createdAt = createdAt
        self.adminUserName = adminUserName
    }

    public var name: String { companyProfile.companyName }

    public func isResellerOfRecord(_ partner: AccountID) -> Bool {
        relationships.contains { $0.partnerId == partner }
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
