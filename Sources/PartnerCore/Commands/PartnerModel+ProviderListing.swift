import Foundation

extension PartnerModel {
    /// The listing on Microsoft's indirect providers list changes through a support request.
    func decideProfileChange(_ locations: [ListingLocation], as actor: Actor,
                             context: inout CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try signedIn(actor)
        guard account.kind == .indirectProvider else {
            throw .forbidden("account", "only indirect providers have a listing on the providers list")
        }
        guard user.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to file a support request") }
        guard !locations.isEmpty else { throw .invalid("locations", "name at least one location") }
        for (i, location) in locations.enumerated() {
            for field in ListingLocationField.allCases {
                try FieldRef.listingLocation(i, field).check(location[field])
            }
        }
        let request = ProfileChangeRequest(id: context.fresh.id(), accountId: account.id, locations: locations,
                                           status: .submitted, submittedAt: context.now, submittedBy: user.userPrincipalName)
        return decision(context, by: user, account: account.id, events: [.profileChangeRequestUpdated(request)],
                        audit: AuditEntry(operationType: .submit_profile_change_request, resourceName: account.legalName,
                                          changes: FieldChanges((listings[account.id] ?? []).auditFields, locations.auditFields),
                                          involvedAccounts: [account.id]),
                        receipt: Receipt(createdId: request.id,
                                         message: "Support request filed; the listing is updated within two to three weeks"))
    }

    /// Microsoft completes requests after two weeks; this applies every request that is due.
    func decideCompleteProfileChanges(as actor: Actor, context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try signedIn(actor)
        let due = changeRequests.values
            .filter { $0.accountId == account.id && $0.status == .submitted && context.now >= $0.submittedAt.addingTimeInterval(14 * 86_400) }
            .sorted { $0.submittedAt < $1.submittedAt }
        guard let latest = due.last else {
            throw .conflict("profileChangeRequest", "no request is due yet: Microsoft updates the listing two to three weeks after the request")
        }
        var events: [Event] = due.map { request in
            var done = request
            done.status = .completed
            done.completedAt = context.now
            return .profileChangeRequestUpdated(done)
        }
        events.append(.listingUpdated(account.id, latest.locations))
        return decision(context, by: user, account: account.id, events: events,
                        audit: AuditEntry(operationType: .complete_profile_change_request, resourceName: account.legalName,
                                          changes: FieldChanges((listings[account.id] ?? []).auditFields, latest.locations.auditFields),
                                          involvedAccounts: [account.id]))
    }
}
