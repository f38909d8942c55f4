import Foundation

extension PartnerModel {
    /// Either side ends a partnership: the provider from Indirect resellers, the reseller
    /// from Indirect providers. What authorizing gave the provider goes (rule 2: no new
    /// customers or orders for the reseller, no naming it partner of record or support
    /// contact). Customers keep their resellers of record, but a subscription the reseller
    /// can no longer act for (no other provider of its customer still partnered with it)
    /// stops crediting it as partner of record and naming it support contact, in the same
    /// transaction (issue 10 item 14), as removing its relationship would. The provider may
    /// ask for a new partnership later.
    func decideEndPartnership(with partnerId: AccountID, as actor: Actor,
                              context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try signedIn(actor)
        guard user.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to end a partnership") }
        guard let partner = accounts[partnerId], partner.kind != account.kind else {
            throw .notFound("partner", "no indirect \(account.kind == .indirectProvider ? "reseller" : "provider") with that id")
        }
        let (provider, reseller) = account.kind == .indirectProvider ? (account, partner) : (partner, account)
        guard var partnership = activePartnership(provider: provider.id, reseller: reseller.id) else {
            throw .conflict("partner", "\(partner.legalName) is not in an active partnership with \(account.legalName)")
        }
        partnership.status = .ended
        let released = subscriptionsReleasedByEnding(provider: provider.id, reseller: reseller.id)
        let note = released.isEmpty ? nil
            : "\(reseller.legalName) no longer partner of record or support contact on \(released.count) subscription(s)"
        let mail = OutgoingMail(
            to: partner.primaryContact.email, from: user.userPrincipalName,
            subject: "\(account.legalName) ended its partnership with \(partner.legalName)",
            body: """
                Hello \(partner.primaryContact.name),

                \(user.displayName) of \(account.legalName) ended the indirect partnership between \
                \(provider.legalName) (indirect provider) and \(reseller.legalName) (indirect reseller). The provider can no \
                longer add customers or place orders for the reseller. Customers you share keep both of you as \
                resellers of record.\(note.map { "\n\n\($0): they now have none." } ?? "")
                """)
        return decision(context, by: user, account: account.id,
                        events: [.partnershipUpdated(partnership)] + released.map(Event.subscriptionUpdated),
                        audit: AuditEntry(operationType: .end_partner_relationship, resourceName: partner.legalName,
                                          oldValue: "active", newValue: "ended" + (note.map { "; \($0)" } ?? ""),
                                          involvedAccounts: [provider.id, reseller.id]),
                        receipt: Receipt(createdId: partnership.id, mail: [mail],
                                         message: "The partnership with \(partner.legalName) has ended"
                                             + (note.map { "; \($0): they now have none" } ?? "")))
    }
}
