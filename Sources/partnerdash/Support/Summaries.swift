import Foundation
import PartnerCore

/// An account as scripts see it: no secrets' hashes.
struct AccountSummary: Encodable {
    struct UserSummary: Encodable {
        var id: UserID
        var displayName: String
        var userPrincipalName: String
        var roles: [User.Role]

        init(_ user: User) {
            id = user.id
            displayName = user.displayName
            userPrincipalName = user.userPrincipalName
            roles = user.roles.sorted()
        }
    }

    var id: AccountID
    var kind: PartnerAccount.Kind
    var legalName: String
    var mpnId: String
    var country: String
    var tenantDomain: String
    var enrollment: String
    var rejectionReason: String?
    var address: PostalAddress
    var primaryContact: PrimaryContact
    var supportContact: SupportInfo
    var createdAt: Date
    var users: [UserSummary]?

    init(_ account: PartnerAccount, users: [User]?) {
        id = account.id
        kind = account.kind
        legalName = account.legalName
        mpnId = account.mpnId
        country = account.country
        tenantDomain = account.tenantDomain
        enrollment = account.enrollment.name
        if case .rejected(let reason) = account.enrollment { rejectionReason = reason }
        address = account.address
        primaryContact = account.primaryContact
        supportContact = account.supportContact
        createdAt = account.createdAt
        self.users = users?.map(UserSummary.init)
    }
}

extension EnrollmentStatus {
    /// The model's name for the state, as JSON output shows it.
    var name: String {
        switch self {
        case .pendingEmailVerification: return "pendingEmailVerification"
        case .underReview: return "underReview"
        case .active: return "active"
        case .rejected: return "rejected"
        }
    }
}

/// An invitation as scripts see it: the token's hash stays in the workspace.
struct InvitationSummary: Encodable {
    var id: InvitationID
    var kind: Invitation.Kind
    var fromAccountId: AccountID
    var fromAccount: String
    var toAccountId: AccountID?
    var providerId: AccountID?
    var customerId: CustomerID?
    var email: String
    var createdBy: String
    var createdAt: Date
    var expiresAt: Date
    var status: Invitation.Status
    var respondedAt: Date?
    var respondedBy: String?

    init(_ invitation: Invitation, model: PartnerModel, now: Date) {
        id = invitation.id
        kind = invitation.kind
        fromAccountId = invitation.fromAccountId
        fromAccount = model.partnerName(invitation.fromAccountId)
        toAccountId = invitation.toAccountId
        providerId = invitation.providerId
        customerId = invitation.customerId
        email = invitation.email
        createdBy = invitation.createdBy
        createdAt = invitation.createdAt
        expiresAt = invitation.expiresAt
        status = invitation.effectiveStatus(at: now)
        respondedAt = invitation.respondedAt
        respondedBy = invitation.respondedBy
    }
}
