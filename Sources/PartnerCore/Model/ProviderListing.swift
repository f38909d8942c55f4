import Foundation

/// One location of a provider's entry on the official indirect providers list.
public struct ListingLocation: Equatable, Sendable, Codable {
    public var country: String
    public var companyName: String
    public var logoURL: String
    public var targetURL: String

    public init(country: String, companyName: String, logoURL: String, targetURL: String) {
        self.country = country
        self.companyName = companyName
        self.logoURL = logoURL
        self.targetURL = targetURL
    }
}

/// A support request that changes the provider listing; Microsoft completes it within 2–3 weeks.
public struct ProfileChangeRequest: Equatable, Sendable, Codable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case submitted, completed }

    public var id: ChangeRequestID
    public var accountId: AccountID
    public var locations: [ListingLocation]
    public var status: Status
    public var submittedAt: Date
    public var completedAt: Date?
    public var submittedBy: String

    public init(id: ChangeRequestID, accountId: AccountID, locations: [ListingLocation], status: Status,
                submittedAt: Date, completedAt: Date? = nil, submittedBy: String) {
        self.id = id
        self.accountId = accountId
        self.locations = locations
        self.status = status
        self.submittedAt = submittedAt
        self.completedAt = completedAt
        self.submittedBy = submittedBy
    }

    /// The documented promise: two to three weeks.
    public var expectedBy: Date { submittedAt.addingTimeInterval(21 * 86_400) }
}

/// An organization profile in the Partner Membership Center, which enrollment reads
/// the MPN ID from (steps 4–7 of the reseller enrollment).
public struct MembershipProfile: Equatable, Sendable, Codable {
    public var mpnId: String
    public var organizationName: String
    public var country: String
    /// The PMC user name that signs in to see this profile.
    public var pmcUserName: String
    public var isActive: Bool
    /// Already enrolled in CSP: reseller enrollment then needs only support contact info.
    public var isCSPEnrolled: Bool
    public var address: PostalAddress

    public init(mpnId: String, organizationName: String, country: String, pmcUserName: String,
                isActive: Bool, isCSPEnrolled: Bool, address: PostalAddress) {
        self.mpnId = mpnId
        self.organizationName = organizationName
        self.country = country
        self.pmcUserName = pmcUserName
        self.isActive = isActive
        self.isCSPEnrolled = isCSPEnrolled
        self.address = address
    }
}
