import Foundation

extension PartnerModel {
    /// Validates `command` for `actor` against the current state and returns the
    /// transaction to journal (and what to show). Changes nothing itself.
    public func decide(_ command: Command, as actor: Actor,
                       context: inout CommandContext) throws(DomainError) -> Decision {
        switch command {
        case .setUpProvider(let setup):
            return try decideSetUpProvider(setup, context: &context)
        case .enrollReseller(let enrollment):
            return try decideEnrollReseller(enrollment, context: &context)
        case .verifyEnrollmentEmail(let account, let code):
            return try decideVerifyEmail(account, code: code, as: actor, context: context)
        case .reviewEnrollment(let account):
            return try decideReview(account, as: actor, context: context)
        case .resubmitEnrollment(let account, let mpnId, let legalName, let address):
            return try decideResubmit(account, mpnId: mpnId, legalName: legalName, address: address, as: actor, context: context)
        case .updateAccountProfile(let change):
            return try decideUpdateProfile(change, as: actor, context: context)
        case .registerMembershipProfile(let profile):
            return try decideRegisterMembership(profile, context: context)
        case .addUser(let name, let principal, let roles):
            return try decideAddUser(name, principal, roles, as: actor, context: &context)
        case .setUserRoles(let user, let roles):
            return try decideSetRoles(user, roles, as: actor, context: context)
        case .submitProfileChangeRequest(let locations):
            return try decideProfileChange(locations, as: actor, context: &context)
        case .completeDueProfileChangeRequests:
            return try decideCompleteProfileChanges(as: actor, context: context)
        case .sendInvitation(let draft, let body):
            return try decideSendInvitation(draft, body: body, as: actor, context: context)
        case .withdrawInvitation(let id):
            return try decideWithdraw(id, as: actor, context: context)
        case .authorizeProvider(let id, let token, let authorized):
            return try decideAuthorize(id, token: token, authorized: authorized, as: actor, context: &context)
        case .declineInvitation(let id, let token):
            return try decideDecline(id, token: token, as: actor, context: context)
        case .consentToInvitation(let id, let token, let consent):
            return try decideConsent(id, token: token, consent: consent, as: actor, context: &context)
        case .endPartnership(let partner):
            return try decideEndPartnership(with: partner, as: actor, context: context)
        case .addCustomer(let details, let reseller, let cart):
            return try decideAddCustomer(details, reseller: reseller, cart: cart, as: actor, context: &context)
        case .placeOrder(let customer, let cart):
            return try decidePlaceOrder(customer, cart: cart, as: actor, context: &context)
        case .updateSubscription(let id, let change):
            return try decideUpdateSubscription(id, change, as: actor, context: context)
        case .cancelSubscription(let id):
            return try decideCancelSubscription(id, as: actor, context: context)
        case .upgradeSubscription(let id, let offerId):
            return try decideUpgradeSubscription(id, to: offerId, as: actor, context: context)
        case .scheduleNextTerm(let id, let instructions):
            return try decideScheduleNextTerm(id, instructions, as: actor, context: context)
        case .removeResellerRelationship(let customer, let partner):
            return try decideRemoveRelationship(customer, partner: partner, as: actor, context: context)
        }
    }

    func decision(_ context: CommandContext, by user: User?, principal: String? = nil, account: AccountID?,
                  events: [Event], audit: AuditEntry, receipt: Receipt = Receipt()) -> Decision {
        Decision(
            transaction: Transaction(date: context.now, userPrincipalName: principal ?? user?.userPrincipalName ?? "",
                                     accountId: account, events: events, audit: audit),
            receipt: receipt)
    }

    /// Rule 9: the signed-in user must be an admin agent to act on behalf of customers.
    func adminAgent(_ actor: Actor) throws(DomainError) -> (User, PartnerAccount) {
        let (user, account) = try signedIn(actor)
        guard user.isAdminAgent else { throw DomainError.needsAdminAgent }
        guard account.isActive else {
            throw .conflict("account", "\(account.legalName) is not active yet (\(account.enrollment.label))")
        }
        return (user, account)
    }
}
