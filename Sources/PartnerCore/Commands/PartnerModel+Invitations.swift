import Foundation

extension PartnerModel {
    /// "Done" on the draft email: stores the invitation (token hash only) and hands the
    /// edited email over for delivery. Rule 3: the body must still hold the link.
    func decideSendInvitation(_ draft: InvitationDraft, body: String, as actor: Actor,
                              context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try signedIn(actor)
        guard draft.fromAccountId == account.id else { throw .forbidden("invitation", "was drafted by another account") }
        try requireActive(account)
        guard invitations[draft.id] == nil else { throw .conflict("invitation", "was already sent") }
        try FieldRef.invitation(.to).check(draft.to)
        try FieldRef.invitation(.from).check(draft.from)
        try FieldRef.invitation(.subject).check(draft.subject)
        try FieldRef.invitation(.token).check(draft.token)
        guard body.contains(draft.link.description) else {
            throw .invalid(.invitation(.body), "must contain the personalized link \(draft.link) (it links the invitee to your account)", rule: 3)
        }
        try FieldRef.invitation(.body).check(body)
        let fieldsFitTheKind: Bool
        switch draft.kind {
        case .partnership: fieldsFitTheKind = draft.providerId == nil && draft.customerId == nil
        case .resellerRelationship: fieldsFitTheKind = draft.toAccountId == nil && draft.providerId == nil
        case .indirectResellerRelationship: fieldsFitTheKind = draft.toAccountId == nil
        }
        guard fieldsFitTheKind else { throw .invalid("invitation", "was not drafted as a \(draft.kind.label) invitation") }
        if let existing = draft.customerId, customers[existing] == nil { throw .notFound("customer", "no such customer") }
        // The draft is the caller's value: who may send it is checked again here, not trusted.
        try checkSender(draft.kind, account: account, user: user, reseller: draft.toAccountId, provider: draft.providerId)
        guard draft.from.caseInsensitiveCompare(user.userPrincipalName) == .orderedSame else {
            throw .forbidden(.invitation(.from), "must be the signed-in user, \(user.userPrincipalName)")
        }
        if draft.kind == .partnership, let resellerId = draft.toAccountId {
            try requireNoPendingPartnershipInvitation(from: account.id, to: resellerId, at: context.now)
        }
        let involved = [account.id] + [draft.toAccountId, draft.providerId].compactMap { $0 }
        let invitation = Invitation(
            id: draft.id, kind: draft.kind, fromAccountId: account.id, toAccountId: draft.toAccountId,
            providerId: draft.providerId, customerId: draft.customerId, email: draft.to,
            tokenHash: Secrets.hash(draft.token), createdBy: user.userPrincipalName, createdAt: context.now,
            expiresAt: context.now.addingTimeInterval(draft.expiry.interval))
        let mail = OutgoingMail(to: draft.to, from: user.userPrincipalName, subject: draft.subject, body: body)
        return decision(context, by: user, account: account.id, events: [.invitationUpdated(invitation)],
                        audit: AuditEntry(operationType: .create_invitation, resourceName: draft.to,
                                          customerId: draft.customerId, newValue: "\(draft.kind.label) invitation, pending",
                                          involvedAccounts: involved),
                        receipt: Receipt(createdId: invitation.id, mail: [mail],
                                         message: "Invitation sent to \(draft.to)"))
    }

    func decideWithdraw(_ id: InvitationID, as actor: Actor, context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try signedIn(actor)
        guard let invitation = invitations[id], invitation.fromAccountId == account.id else {
            throw .notFound("invitation", "no invitation \(id.short) sent by \(account.legalName)")
        }
        guard user.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to withdraw invitations") }
        try requirePending(invitation, at: context.now)
        return respond(invitation, .withdrawn, by: user.userPrincipalName, account: account.id, context: context,
                       operation: .withdraw_invitation, events: [])
    }

    /// A reseller's admin checks the box and selects "Authorize indirect provider".
    func decideAuthorize(_ id: InvitationID, token: String?, authorized: Bool, as actor: Actor,
                         context: inout CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try signedIn(actor)
        let invitation = try openable(id, token: token, kind: .partnership, at: context.now)
        guard invitation.toAccountId == account.id else {
            throw .forbidden("account", "this invitation is for another reseller; sign in as an admin of the invited account")
        }
        guard user.isAdmin else { throw .forbidden("roles", "needs an admin of \(account.legalName) to authorize a provider") }
        guard authorized else {
            throw .invalid("authorize", "check \"I authorize this indirect provider\" before selecting Authorize indirect provider")
        }
        guard account.isActive else {
            throw .conflict("reseller", "\(account.legalName) is not active (\(account.enrollment.label)); a reseller must be enrolled and active before a partnership", rule: 1)
        }
        guard let provider = accounts[invitation.fromAccountId] else { throw .notFound("provider", "no longer exists") }
        if activePartnership(provider: provider.id, reseller: account.id) != nil {
            throw .conflict("invitation", "\(provider.legalName) is already your indirect provider")
        }
        let partnership = Partnership(id: context.fresh.id(), providerId: provider.id, resellerId: account.id,
                                      status: .active, since: context.now, invitationId: invitation.id)
        return respond(invitation, .accepted, by: user.userPrincipalName, account: account.id, context: context,
                       operation: .create_partner_relationship, events: [.partnershipUpdated(partnership)],
                       message: "\(provider.legalName) is now your indirect provider")
    }

    func decideDecline(_ id: InvitationID, token: String?, as actor: Actor, context: CommandContext) throws(DomainError) -> Decision {
        guard let invitation = invitations[id] else { throw .notFound("invitation", "no such invitation") }
        let checked = try openable(id, token: token, kind: invitation.kind, at: context.now)
        switch actor {
        case .user:
            let (user, account) = try signedIn(actor)
            guard checked.kind == .partnership, checked.toAccountId == account.id, user.isAdmin else {
                throw .forbidden("invitation", "only an admin of the invited reseller can decline it")
            }
            return respond(checked, .declined, by: user.userPrincipalName, account: account.id, context: context,
                           operation: .decline_invitation, events: [])
        case .customer(let email):
            guard token != nil, checked.kind.isForCustomer else { throw .forbidden("token", "the link's token is required") }
            return respond(checked, .declined, by: email, account: nil, context: context, operation: .decline_invitation, events: [])
        case .enrollee:
            throw .forbidden("user", "sign in first")
        }
    }

    /// The customer's consent page. Rule 7: "Invite new customers" makes the reseller and
    /// its provider resellers of record; "Request a reseller relationship" only the sender.
    func decideConsent(_ id: InvitationID, token: String, consent: CustomerConsent, as actor: Actor,
                       context: inout CommandContext) throws(DomainError) -> Decision {
        guard let kind = invitations[id]?.kind, kind.isForCustomer else {
            throw .invalid("link", "is not a customer invitation; a reseller's partnership link is authorized by the reseller", rule: 7)
        }
        let invitation = try openable(id, token: token, kind: kind, at: context.now)
        // Only the customer answers its consent page, as the address the link was sent to.
        guard case .customer(let principal) = actor else {
            throw .forbidden("user", "a customer invitation is answered by the customer, not by a partner's user")
        }
        guard principal.caseInsensitiveCompare(invitation.email) == .orderedSame else {
            throw .forbidden("email", "this invitation was sent to \(invitation.email); answer it as that address")
        }
        // Recorded as the address the invitation holds, checked when it was sent, rather
        // than as the text the caller gave.
        let respondent = invitation.email
        var partners = [invitation.fromAccountId]
        if invitation.kind == .indirectResellerRelationship, let provider = invitation.providerId {
            guard activePartnership(provider: provider, reseller: invitation.fromAccountId) != nil else {
                throw .conflict("provider", "the partnership between the reseller and its provider has ended", rule: 2)
            }
            partners.append(provider)
        }
        var events: [Event] = []
        let customer: Customer
        var resellersBefore: [AccountID] = []
        switch consent {
        case .existing(let domain):
            try FieldRef.invitation(.domain).check(domain)
            guard var existing = self.customer(withDomain: domain.hasSuffix(".onmicrosoft.com") ? domain : Validate.tenantDomain(prefix: domain)) else {
                throw DomainError(.notFound, .invitation(.domain), "no customer with the domain \(domain); give the company details to create it")
            }
            if let expected = invitation.customerId, expected != existing.id {
                throw .forbidden(.invitation(.domain), "this invitation was sent to another customer")
            }
            // An invitation to "a new customer" may join an existing one only when it went to
            // that customer's own billing address; otherwise any partner could send itself a
            // link and claim someone else's customer.
            if invitation.customerId == nil,
               existing.billingProfile.email.caseInsensitiveCompare(invitation.email) != .orderedSame {
                throw .forbidden(.invitation(.domain), "\(existing.name)'s billing contact is not \(invitation.email); "
                    + "ask the partner to send the invitation to the customer's billing email")
            }
            let newPartners = partners.filter { !existing.isResellerOfRecord($0) }
            guard !newPartners.isEmpty else { throw .conflict("invitation", "\(existing.name) already has these resellers of record") }
            resellersBefore = existing.relationships.map(\.partnerId)
            existing.relationships += newPartners.map { CustomerRelationship(partnerId: $0, since: context.now) }
            events.append(.customerUpdated(existing))
            customer = existing
        case .new(let details):
            guard invitation.customerId == nil else {
                throw .invalid(.invitation(.domain), "this invitation is for an existing customer; give its domain")
            }
            try validate(details)
            customer = Customer(
                id: context.fresh.id(), companyProfile: CompanyProfile(domain: details.domain, companyName: details.companyName),
                billingProfile: billing(details),
                // The indirect reseller it was created for: never a provider requesting a relationship itself.
                associatedPartnerId: accounts[invitation.fromAccountId]?.kind == .indirectReseller ? invitation.fromAccountId : nil,
                relationships: partners.map { CustomerRelationship(partnerId: $0, since: context.now) },
                channel: .ownMarketing, createdAt: context.now, adminUserName: "admin@\(details.domain)")
            events.append(.customerCreated(customer))
        }
        var decision = respond(invitation, .accepted, by: respondent, account: nil, context: context,
                               operation: .create_customer_relationship, events: events,
                               message: "\(customer.name) authorized \(partners.map { partnerName($0) }.joined(separator: " and ")) as reseller(s) of record")
        decision.transaction.audit.customerId = customer.id
        decision.transaction.audit.resourceName = customer.name
        // What changed is the customer's resellers of record; the invitation's status is
        // what `respond` records for the other answers.
        decision.transaction.audit.oldValue = resellersBefore.map { partnerName($0) }.joined(separator: ", ")
        decision.transaction.audit.newValue = customer.relationships.map { partnerName($0.partnerId) }.joined(separator: ", ")
        decision.transaction.audit.involvedAccounts = partners
        decision.receipt.createdId = customer.id
        return decision
    }

    /// An invitation that may still be answered: pending, not expired, right kind, right token.
    func openable(_ id: InvitationID, token: String?, kind: Invitation.Kind,
                  at now: Date) throws(DomainError) -> Invitation {
        guard let invitation = invitations[id] else { throw .notFound("invitation", "no such invitation") }
        guard invitation.kind == kind else {
            throw .invalid("link", "is a \(invitation.kind.label) invitation, not a \(kind.label) one", rule: 7)
        }
        if let token { try FieldRef.invitation(.token).check(token) }
        if let token, !Secrets.matches(token, hash: invitation.tokenHash) {
            throw .forbidden("token", "does not match this invitation; use the link exactly as emailed")
        }
        switch invitation.effectiveStatus(at: now) {
        case .pending: return invitation
        case .expired: throw .conflict("invitation", "expired on \(CalendarDay(invitation.expiresAt).description); ask for a new one", rule: 7)
        case let status: throw .conflict("invitation", "was already \(status.rawValue)", rule: 7)
        }
    }

    func respond(_ invitation: Invitation, _ status: Invitation.Status, by principal: String, account: AccountID?,
                 context: CommandContext, operation: OperationType, events: [Event], message: String? = nil) -> Decision {
        var updated = invitation
        updated.status = status
        updated.respondedAt = context.now
        updated.respondedBy = principal
        let involved = [invitation.fromAccountId] + [invitation.toAccountId, invitation.providerId].compactMap { $0 }
        return decision(context, by: nil, principal: principal, account: account,
                        events: [.invitationUpdated(updated)] + events,
                        audit: AuditEntry(operationType: operation, resourceName: invitation.email, customerId: invitation.customerId,
                                          oldValue: invitation.status.rawValue, newValue: status.rawValue,
                                          involvedAccounts: involved),
                        receipt: Receipt(createdId: invitation.id, message: message ?? "Invitation \(status.rawValue)"))
    }
}
