import Foundation

/// Who a term end is recorded for: the person whose change (or sign-in) found it due, since
/// Partner Center renews on its own and this workspace has no one else to name.
public struct TermEndRecorder: Sendable, Equatable {
    public var userPrincipalName: String
    public var accountId: AccountID?

    public init(userPrincipalName: String, accountId: AccountID?) {
        self.userPrincipalName = userPrincipalName
        self.accountId = accountId
    }
}

extension PartnerModel {
    /// Rule 11: a live subscription whose term ended by `now` renews when auto-renew is on
    /// (the term moves forward by the offer's length, a scheduled change applies, the
    /// cancellation window starts again) and expires when it is off. Several terms that
    /// ended unseen renew one after another; the scheduled change applies at the first.
    public static func afterTermEnds(_ subscription: Subscription, by now: Date, catalog: OfferCatalog) -> Subscription {
        var next = subscription
        while next.isLive, next.commitmentEndDate <= now {
            let scheduled = next.scheduledNextTerm
            // An offer that left the catalog has no term length to renew for.
            guard next.autoRenewEnabled, let offer = catalog[scheduled?.offerId ?? next.offerId] else {
                next.status = .expired
                next.scheduledNextTerm = nil
                break
            }
            if offer.id != next.offerId, next.friendlyName == catalog[next.offerId]?.name { next.friendlyName = offer.name }
            next.offerId = offer.id
            next.quantity = scheduled?.quantity ?? next.quantity
            next.scheduledNextTerm = nil
            next.effectiveStartDate = next.commitmentEndDate
            next.commitmentEndDate = offer.termDuration.end(from: next.effectiveStartDate)
        }
        return next
    }

    /// The live subscriptions whose term ended by `now`, as they are after renewing or
    /// expiring, earliest end first; at most `limit` of them, so the rest are the next call's.
    public func termEnds(dueBy now: Date, catalog: OfferCatalog, limit: Int = .max) -> [(old: Subscription, new: Subscription)] {
        Self.termEnds(among: termEndCandidates(by: now, atLeast: limit), dueBy: now, catalog: catalog, limit: limit)
    }

    /// The live subscriptions whose term may have ended by `now` (every one that has, maybe
    /// others), or, with `atLeast`, the earliest whole hours of them that hold that many:
    /// what `termEnds(among:…)` needs to find the `atLeast` earliest ends.
    public func termEndCandidates(by now: Date, atLeast wanted: Int = .max) -> [Subscription] {
        termEnds.candidates(by: now, atLeast: wanted).compactMap {
            Int($0) < subscriptions.count ? subscriptions.value(atSlot: Int($0)) : nil
        }
    }

    /// `termEnds(dueBy:…)` among `candidates`, which must hold every live subscription whose
    /// term ended by `now` among the `limit` earliest (`termEndCandidates`): so a store that
    /// has not read every subscription (it keeps their term ends by hour) decides the same.
    public static func termEnds(among candidates: [Subscription], dueBy now: Date, catalog: OfferCatalog,
                                limit: Int = .max) -> [(old: Subscription, new: Subscription)] {
        candidates
            .filter { $0.isLive && $0.commitmentEndDate <= now }
            .sorted { ($0.commitmentEndDate, $0.id) < ($1.commitmentEndDate, $1.id) }
            .prefix(limit)
            .map { ($0, afterTermEnds($0, by: now, catalog: catalog)) }
    }

    /// One transaction per term that ended by `now` (renew_subscription or
    /// expire_subscription), recorded for `recorder`, at most `limit` (the earliest).
    /// Empty when none is due.
    public func termEndTransactions(dueBy now: Date, catalog: OfferCatalog, recordedFor recorder: TermEndRecorder,
                                    limit: Int = .max) -> [Transaction] {
        termEndTransactions(among: termEndCandidates(by: now, atLeast: limit), dueBy: now, catalog: catalog,
                            recordedFor: recorder, limit: limit)
    }

    /// `termEndTransactions(dueBy:…)` among `candidates` (see `termEnds(among:…)`); the
    /// customers' names and partners come from this model.
    public func termEndTransactions(among candidates: [Subscription], dueBy now: Date, catalog: OfferCatalog,
                                    recordedFor recorder: TermEndRecorder, limit: Int = .max) -> [Transaction] {
        Self.termEnds(among: candidates, dueBy: now, catalog: catalog, limit: limit).map { old, new in
            let customer = customers[old.customerId]
            return Transaction(
                date: now, userPrincipalName: recorder.userPrincipalName, accountId: recorder.accountId,
                events: [.subscriptionUpdated(new)],
                audit: AuditEntry(operationType: new.status == .expired ? .expire_subscription : .renew_subscription,
                                  resourceName: "\(customer?.name ?? old.customerId.short) · \(old.friendlyName)",
                                  customerId: old.customerId, changes: FieldChanges(old.auditFields, new.auditFields),
                                  involvedAccounts: customer?.relationships.map(\.partnerId) ?? []))
        }
    }

    /// Who records the term ends that come due with a change by `actor`: a signed-in user
    /// (decided before the change, so it acts on renewed terms). Nil for an enrollee or a
    /// customer, whose change is decided first and records them after itself.
    public func termEndRecorder(for actor: Actor) -> TermEndRecorder? {
        guard case .user(let id) = actor, let user = users[id] else { return nil }
        return TermEndRecorder(userPrincipalName: user.userPrincipalName, accountId: user.accountId)
    }
}

extension Transaction {
    /// The recorder of term ends found due with this change (see `termEndRecorder`).
    public var termEndRecorder: TermEndRecorder {
        TermEndRecorder(userPrincipalName: userPrincipalName, accountId: accountId)
    }
}
