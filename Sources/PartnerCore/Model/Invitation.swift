import Foundation

/// A personalized link with a single-use secret. Only the SHA-256 of the token is kept.
public struct Invitation: Equatable, Sendable, Codable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Provider → reseller: "authorize this indirect provider".
        case partnership
        /// Partner → customer: only the inviting partner becomes reseller of record.
        case resellerRelationship
        /// Reseller → customer: the reseller and its provider become resellers of record.
        case indirectResellerRelationship

        public var label: String {
            switch self {
            case .partnership: return "Partnership"
            case .resellerRelationship: return "Reseller relationship"
            case .indirectResellerRelationship: return "Reseller + provider relationship"
            }
        }

        public var isForCustomer: Bool { self != .partnership }
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, accepted, declined, withdrawn, expired
    }

    public var id: InvitationID
    public var kind: Kind
    /// The account that sent it.
    public var fromAccountId: AccountID
    /// For partnership invitations: the invited reseller account.
    public var toAccountId: AccountID?
    /// For indirectResellerRelationship: the reseller's provider that is invited along.
    public var providerId: AccountID?
    /// For relationship requests to an existing customer.
    public var customerId: CustomerID?
    public var email: String
    public var tokenHash: String
    public var createdBy: String
    public var createdAt: Date
    public var expiresAt: Date
    public var status: Status
    public var respondedAt: Date?
    public var respondedBy: String?

    public init(id: InvitationID, kind: Kind, fromAccountId: AccountID, toAccountId: AccountID? = nil,
                providerId: AccountID? = nil, customerId: CustomerID? = nil, email: String,
                tokenHash: String, createdBy: String, createdAt: Date, expiresAt: Date,
                status: Status = .pending, respondedAt: Date? = nil, respondedBy: String? = nil) {
        self.id = id
        self.kind = kind
        self.fromAccountId = fromAccountId
        self.toAccountId = toAccountId
        self.providerId = providerId
        self.customerId = customerId
        self.email = email
        self.tokenHash = tokenHash
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
        self.respondedAt = respondedAt
        self.respondedBy = respondedBy
    }

    /// Pending invitations past their expiry read as expired without a write.
    public func effectiveStatus(at now: Date) -> Status {
        status == .pending && now >= expiresAt ? .expired : status
    }

    /// How long invitations stay valid unless configured otherwise (`InvitationExpiry`).
    public static let lifetime: TimeInterval = InvitationExpiry.standard.interval
}

/// Provider ↔ reseller: created only by the reseller authorizing a partnership invitation.
public struct Partnership: Equatable, Sendable, Codable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case active, ended }

    public var id: PartnershipID
    public var providerId: AccountID
    public var resellerId: AccountID
    public var status: Status
    public var since: Date
    public var invitationId: InvitationID?

    public init(id: PartnershipID, providerId: AccountID, resellerId: AccountID, status: Status,
                since: Date, invitationId: InvitationID?) {
        self.id = id
        self.providerId = providerId
        self.resellerId = resellerId
        self.status = status
        self.since = since
        self.invitationId = invitationId
    }
}
