import Foundation

/// A partner organization in the workspace: an indirect provider (distributor) or an
/// indirect reseller. `id` is its tenant id.
public struct PartnerAccount: Equatable, Sendable, Codable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case indirectProvider, indirectReseller

        public var label: String { self == .indirectProvider ? "indirect provider" : "indirect reseller" }
    }

    public var id: AccountID
    public var kind: Kind
    public var legalName: String
    /// Microsoft Partner Network id: 6–7 digits, unique among accounts.
    public var mpnId: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var address: PostalAddress
    public var primaryContact: PrimaryContact
    public var supportContact: SupportInfo
    /// `prefix.onmicrosoft.com`, unique in the workspace.
    public var tenantDomain: String
    public var enrollment: EnrollmentStatus
    public var createdAt: Date
    /// Hash of the email verification code mailed to the primary contact; nil once verified.
    public var verificationCodeHash: String?

    public init(id: AccountID, kind: Kind, legalName: String, mpnId: String, country: String,
                address: PostalAddress, primaryContact: PrimaryContact, supportContact: SupportInfo,
                tenantDomain: String, enrollment: EnrollmentStatus, createdAt: Date,
                verificationCodeHash: String? = nil) {
        self.id = id
        self.kind = kind
        self.legalName = legalName
        self.mpnId = mpnId
        self.country = country
        self.address = address
        self.primaryContact = primaryContact
        self.supportContact = supportContact
        self.tenantDomain = tenantDomain
        self.enrollment = enrollment
        self.createdAt = createdAt
        self.verificationCodeHash = verificationCodeHash
    }

    public var isActive: Bool { enrollment == .active }
}

public enum EnrollmentStatus: Equatable, Sendable, Codable {
    case pendingEmailVerification
    case underReview
    case active
    case rejected(reason: String)

    public var label: String {
        switch self {
        case .pendingEmailVerification: return "Pending email verification"
        case .underReview: return "Under review"
        case .active: return "Active"
        case .rejected(let reason): return "Rejected: \(reason)"
        }
    }
}

public struct PostalAddress: Equatable, Sendable, Codable {
    public var line1: String
    public var line2: String
    public var city: String
    public var state: String
    public var postalCode: String
    public var country: String

    public init(line1: String = "", line2: String = "", city: String = "", state: String = "",
                postalCode: String = "", country: String = "") {
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.state = state
        self.postalCode = postalCode
        self.country = country
    }

    /// The address with the country of the account (or profile) it belongs to: an account's
    /// address has no country of its own to type, so none is stored but the account's.
    func `in`(_ country: String) -> PostalAddress {
        var address = self
        address.country = country
        return address
    }

    public var singleLine: String {
        [line1, line2, city, state, postalCode, country].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}

public struct PrimaryContact: Equatable, Sendable, Codable {
    public var name: String
    public var email: String
    public var phone: String

    public init(name: String, email: String, phone: String) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}

public struct SupportInfo: Equatable, Sendable, Codable {
    public var email: String
    public var phone: String
    public var url: String

    public init(email: String, phone: String, url: String) {
        self.email = email
        self.phone = phone
        self.url = url
    }
}
