import Foundation

/// The personalized link in an invitation email: the invitation's id and its secret.
public struct InvitationLink: Equatable, Sendable, CustomStringConvertible {
    public var invitationId: InvitationID
    public var token: String

    public init(invitationId: InvitationID, token: String) {
        self.invitationId = invitationId
        self.token = token
    }

    public static let prefix = "partnerdash://invitation/"

    public var description: String { "\(Self.prefix)\(invitationId)?token=\(token)" }

    /// Accepts the link as pasted, with surrounding spaces or angle brackets (spaces inside
    /// them too). A token is what `Secrets.encodeToken` makes (base64url), so anything else
    /// after `token=` (a tab, a control character) is no link rather than a token no
    /// invitation can match.
    public init?(parsing text: String) {
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.hasPrefix("<"), s.hasSuffix(">") { s = String(s.dropFirst().dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard s.hasPrefix(Self.prefix) else { return nil }
        let rest = s.dropFirst(Self.prefix.count)
        guard let q = rest.firstIndex(of: "?"), let id = Ident(rest[..<q]) else { return nil }
        let query = rest[rest.index(after: q)...]
        guard query.hasPrefix("token="), query.count > 6 else { return nil }
        let token = query.dropFirst(6)
        guard token.utf8.allSatisfy(Self.isTokenCharacter) else { return nil }
        self.init(invitationId: id, token: String(token))
    }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"): return true
        default: return false
        }
    }
}

/// A draft invitation email. Nothing is stored until the sender presses Done
/// (`Command.sendInvitation`), which requires the body to still hold the link.
public struct InvitationDraft: Sendable, Equatable {
    public var id: InvitationID
    public var kind: Invitation.Kind
    public var fromAccountId: AccountID
    public var toAccountId: AccountID?
    public var providerId: AccountID?
    public var customerId: CustomerID?
    public var to: String
    public var from: String
    public var subject: String
    public var body: String
    public var token: String
    /// How long the link will stay answerable once sent, from the configuration.
    public var expiry: InvitationExpiry = .standard

    public var link: InvitationLink { InvitationLink(invitationId: id, token: token) }
}

/// Whom an invitation goes to.
public enum InvitationTarget: Sendable, Equatable {
    /// A partnership request to an enrolled reseller.
    case reseller(AccountID)
    /// A reseller relationship request to a customer (existing, or new when nil).
    case customer(email: String, existing: CustomerID?)
    /// "Invite new customers": reseller and its provider together.
    case customerWithProvider(email: String, provider: AccountID)

    var kind: Invitation.Kind {
        switch self {
        case .reseller: return .partnership
        case .customer: return .resellerRelationship
        case .customerWithProvider: return .indirectResellerRelationship
        }
    }

    var reseller: AccountID? {
        if case .reseller(let id) = self { return id }
        return nil
    }

    var provider: AccountID? {
        if case .customerWithProvider(_, let id) = self { return id }
        return nil
    }
}

extension PartnerModel {
    /// Drafts an invitation email with a fresh personalized link. Validates who may send
    /// it, so a refusal comes before anyone starts editing.
    public func draftInvitation(to target: InvitationTarget, as actor: Actor, expiry: InvitationExpiry = .standard,
                                context: inout CommandContext) throws(DomainError) -> InvitationDraft {
        let (user, account) = try signedIn(actor)
        try requireActive(account)
        let partner = try checkSender(target.kind, account: account, user: user,
                                      reseller: target.reseller, provider: target.provider)
        let id = context.fresh.id()
        let token = context.fresh.token()
        var draft = InvitationDraft(id: id, kind: .partnership, fromAccountId: account.id, to: "",
                                    from: user.userPrincipalName, subject: "", body: "", token: token, expiry: expiry)
        let link = draft.link.description
        switch target {
        case .reseller(let resellerId):
            guard let reseller = partner else { throw DomainError(.notFound, field: "reseller", "is not an enrolled indirect reseller", rule: 1) }
            draft.toAccountId = resellerId
            draft.to = reseller.primaryContact.email
            draft.subject = "\(account.legalName) invites you to authorize an indirect provider"
            draft.body = """
                Hello \(reseller.primaryContact.name),

                \(account.legalName) would like to be your indirect provider in the Cloud Solution \
                Provider program. To accept, follow this link, sign in as an admin of \(reseller.legalName), \
                check the box and select Authorize indirect provider:

                \(link)

                Authorizing lets \(account.legalName) submit orders and add subscriptions for your customers \
                and gives it administrator access to your Azure AD tenant.

                \(user.displayName)
                \(account.legalName)
                """
        case .customer(let email, let existing):
            try checkDraftEmail(email)
            draft.kind = .resellerRelationship
            draft.customerId = existing
            draft.to = email
            draft.subject = "\(account.legalName) requests a reseller relationship"
            draft.body = """
                Hello,

                \(account.legalName) would like to become your reseller of record so it can manage your \
                Microsoft cloud subscriptions, licenses and users on your behalf. To authorize it, follow this link:

                \(link)

                \(user.displayName)
                \(account.legalName)
                """
        case .customerWithProvider(let email, let providerId):
            try checkDraftEmail(email)
            guard let provider = partner else { throw .forbidden("provider", "is not an indirect provider", rule: 2) }
            draft.kind = .indirectResellerRelationship
            draft.providerId = providerId
            draft.to = email
            draft.subject = "\(account.legalName) and \(provider.legalName) request reseller relationships"
            draft.body = """
                Hello,

                \(account.legalName) invites you to authorize it and its indirect provider \(provider.legalName) \
                as your resellers of record. \(account.legalName) will manage your subscriptions, licenses and \
                users on your behalf, and \(provider.legalName) will be able to submit orders for you. \
                To authorize both, follow this link:

                \(link)

                \(user.displayName)
                \(account.legalName)
                """
        }
        return draft
    }

    /// Who may send an invitation of this kind, checked alike when it is drafted and when
    /// it is sent: the kind of account, an admin, and rule 1 or 2 for the partner it
    /// names. Returns that partner (the reseller asked, or the provider named).
    @discardableResult
    func checkSender(_ kind: Invitation.Kind, account: PartnerAccount, user: User,
                     reseller: AccountID?, provider: AccountID?) throws(DomainError) -> PartnerAccount? {
        switch kind {
        case .partnership:
            guard account.kind == .indirectProvider else {
                throw .forbidden("account", "only an indirect provider requests partnerships with resellers")
            }
            guard user.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to request a partnership") }
            guard let reseller else { throw .invalid("reseller", "is required") }
            return try partnershipCandidate(reseller, for: account)
        case .indirectResellerRelationship:
            guard account.kind == .indirectReseller else {
                throw .forbidden("account", "only an indirect reseller invites customers together with its provider")
            }
            guard user.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to invite customers") }
            guard let provider, let partner = accounts[provider], partner.kind == .indirectProvider,
                  activePartnership(provider: provider, reseller: account.id) != nil else {
                throw .forbidden("provider", "is not an indirect provider in an active partnership with \(account.legalName)", rule: 2)
            }
            return partner
        case .resellerRelationship:
            guard user.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to invite customers") }
            return nil
        }
    }

    /// A draft may start without an address: the Draft email page asks for it,
    /// and `sendInvitation` refuses to send without a valid one.
    func checkDraftEmail(_ email: String) throws(DomainError) {
        if !email.isEmpty { try Validate.check("email", Validate.email(email)) }
    }

    /// Only an approved account sends invitations: one pending review (or rejected) must not
    /// become a customer's reseller of record.
    func requireActive(_ account: PartnerAccount) throws(DomainError) {
        guard account.isActive else {
            throw .conflict("account", "\(account.legalName) is not active (enrollment: \(account.enrollment.label)); "
                + "invitations are sent once the enrollment is approved")
        }
    }

    /// Rule 1: a partnership is requested only with an enrolled, active reseller that is
    /// not already a partner or invited.
    func partnershipCandidate(_ resellerId: AccountID, for provider: PartnerAccount) throws(DomainError) -> PartnerAccount {
        guard let reseller = accounts[resellerId], reseller.kind == .indirectReseller else {
            throw DomainError(.notFound, field: "reseller", "is not an enrolled indirect reseller", rule: 1)
        }
        guard reseller.isActive else {
            throw .conflict("reseller", "\(reseller.legalName) is not active (enrollment: \(reseller.enrollment.label)); "
                + "a reseller must be enrolled and active before a partnership", rule: 1)
        }
        if activePartnership(provider: provider.id, reseller: resellerId) != nil {
            throw .conflict("reseller", "\(reseller.legalName) is already your indirect reseller")
        }
        return reseller
    }
}
