import Foundation

extension PartnerModel {
    /// Subscription detail › Submit: licenses, suspend/reactivate, partner of record,
    /// designated support contact.
    func decideUpdateSubscription(_ id: SubscriptionID, _ change: SubscriptionChange, as actor: Actor,
                                  context: CommandContext) throws(DomainError) -> Decision {
        let (user, account, customer, old) = try liveSubscription(id, as: actor)
        var new = old
        let isProvider = account.kind == .indirectProvider
        if let quantity = change.quantity {
            let offer = try catalogOffer(old.offerId, context)
            if let refusal = quantityChangeRefusal(old, to: quantity, offer: offer, by: account, at: context.now) { throw refusal }
            new.quantity = quantity
            // Partner Center deletes what was scheduled for the renewal when the term changes mid-way.
            if quantity != old.quantity { new.scheduledNextTerm = nil }
        }
        if let status = change.status {
            guard status == .active || status == .suspended else {
                throw .invalid(.subscription(.status), "can be set to active or suspended; cancelling is its own action (rule 11)")
            }
            new.status = status
        }
        if let partner = change.partnerOfRecord {
            guard isProvider else { throw .forbidden(.subscription(.partnerOfRecord), "only the indirect provider sets the partner of record", rule: 2) }
            new.partnerId = try partner.map { (p: AccountID) throws(DomainError) in
                try resellerActing(for: customer, p, of: account, field: "partnerOfRecord").mpnId
            }
        }
        if let support = change.supportContact {
            guard isProvider else { throw .forbidden(.subscription(.supportContact), "only the indirect provider designates the support contact", rule: 2) }
            new.supportContact = try support.map { (p: AccountID) throws(DomainError) in
                let reseller = try resellerActing(for: customer, p, of: account, field: "supportContact")
                return SupportContact(supportTenantId: reseller.id, supportMpnId: reseller.mpnId, name: reseller.legalName)
            }
        }
        if let renew = change.autoRenewEnabled {
            new.autoRenewEnabled = renew
            // A change at renewal needs a renewal.
            if !renew { new.scheduledNextTerm = nil }
        }
        if let name = change.friendlyName {
            try FieldRef.subscription(.friendlyName).check(name)
            new.friendlyName = name
        }
        guard new != old else { throw .invalid("change", "nothing to change") }
        return subscriptionDecision(.update_subscription, old, new, customer, by: user, account, context,
                                    message: "Updated \(old.friendlyName)")
    }

    /// Rule 11: cancelled within 168 hours of the purchase or the last renewal, for a
    /// prorated refund; after that the term is owed to its end.
    func decideCancelSubscription(_ id: SubscriptionID, as actor: Actor, context: CommandContext) throws(DomainError) -> Decision {
        let (user, account, customer, old) = try liveSubscription(id, as: actor)
        if let refusal = Self.cancellationRefusal(old, at: context.now) { throw refusal }
        var new = old
        new.status = .deleted
        new.autoRenewEnabled = false
        new.scheduledNextTerm = nil
        return subscriptionDecision(.cancel_subscription, old, new, customer, by: user, account, context,
                                    message: "Cancelled \(old.friendlyName). \(Self.refundNote(old, at: context.now))")
    }

    /// Rule 11: an upgrade goes now to a higher offer of the same product family; the
    /// partner of record and the support contact stay.
    func decideUpgradeSubscription(_ id: SubscriptionID, to offerId: String, as actor: Actor,
                                   context: CommandContext) throws(DomainError) -> Decision {
        let (user, account, customer, old) = try liveSubscription(id, as: actor)
        guard account.kind == .indirectProvider else {
            throw .forbidden(.subscription(.offer), "an upgrade is an order; your indirect provider submits it", rule: 6)
        }
        guard old.status == .active else {
            throw .conflict(.subscription(.status), "is suspended; reactivate it before upgrading", rule: 11)
        }
        let current = try catalogOffer(old.offerId, context)
        let target = try upgradeTarget(offerId, from: current, context)
        if let problem = Self.quantityProblem(old.quantity, target) { throw .invalid(.subscription(.quantity), problem, rule: 8) }
        var new = old
        new.offerId = target.id
        if old.friendlyName == current.name { new.friendlyName = target.name }
        // Another term length starts a new term; the same one keeps its end.
        if target.termDuration != current.termDuration {
            new.effectiveStartDate = context.now
            new.commitmentEndDate = target.termDuration.end(from: context.now)
        }
        new.scheduledNextTerm = nil
        return subscriptionDecision(.upgrade_subscription, old, new, customer, by: user, account, context,
                                    message: "Upgraded \(old.friendlyName) to \(target.name)")
    }

    /// Rule 11: what changes at renewal needs auto-renew on; the offer stays in its product
    /// family and the licenses in that offer's range (rule 8).
    func decideScheduleNextTerm(_ id: SubscriptionID, _ instructions: NextTermInstructions?, as actor: Actor,
                                context: CommandContext) throws(DomainError) -> Decision {
        let (user, account, customer, old) = try liveSubscription(id, as: actor)
        var new = old
        if let instructions {
            new.scheduledNextTerm = try checkedNextTerm(instructions, for: old, by: account, context)
        } else {
            guard old.scheduledNextTerm != nil else { throw .invalid("scheduledNextTerm", "nothing is scheduled for the renewal") }
            new.scheduledNextTerm = nil
        }
        let message = new.scheduledNextTerm.map { "At the renewal on \(CalendarDay(old.commitmentEndDate)): \($0)" }
            ?? "Cleared the change scheduled for the renewal"
        return subscriptionDecision(.update_subscription, old, new, customer, by: user, account, context, message: message)
    }

    private func checkedNextTerm(_ instructions: NextTermInstructions, for old: Subscription, by account: PartnerAccount,
                                 _ context: CommandContext) throws(DomainError) -> NextTermInstructions {
        guard old.autoRenewEnabled else {
            throw .conflict(.subscription(.autoRenew), "is off: a change at renewal needs auto-renew on", rule: 11)
        }
        let current = try catalogOffer(old.offerId, context)
        var next = NextTermInstructions()
        var offer = current
        if let offerId = instructions.offerId, offerId != old.offerId {
            guard account.kind == .indirectProvider else {
                throw .forbidden(.subscription(.nextTermOffer), "another offer is an order; your indirect provider submits it", rule: 6)
            }
            guard let target = context.catalog[offerId] else { throw .notFound(SubscriptionField.nextTermOffer.name, "no offer \(offerId) in the catalog") }
            guard let family = current.productFamily, target.productFamily == family else {
                throw .invalid(.subscription(.nextTermOffer), "\(target.name) is not in \(current.name)'s product family", rule: 11)
            }
            offer = target
            next.offerId = target.id
        }
        if let quantity = instructions.quantity, quantity != old.quantity || next.offerId != nil {
            if let problem = Self.quantityProblem(quantity, offer) { throw .invalid(.subscription(.nextTermQuantity), problem, rule: 8) }
            if quantity > old.quantity, account.kind != .indirectProvider {
                throw .forbidden(.subscription(.nextTermQuantity), "adding licenses is an order; your indirect provider submits it", rule: 6)
            }
            next.quantity = quantity
        }
        if next.quantity == nil, let problem = Self.quantityProblem(old.quantity, offer) {
            throw .invalid(.subscription(.nextTermQuantity), problem, rule: 8)
        }
        guard next != NextTermInstructions() else { throw .invalid("scheduledNextTerm", "is the same as the current term: nothing to schedule") }
        return next
    }

    /// The signed-in admin agent, and a subscription of a customer it can see whose term
    /// still runs (active or suspended).
    private func liveSubscription(_ id: SubscriptionID, as actor: Actor) throws(DomainError)
        -> (User, PartnerAccount, Customer, Subscription) {
        let (user, account) = try adminAgent(actor)
        guard let subscription = subscriptions[id], let customer = customer(subscription.customerId, visibleTo: account.id) else {
            throw .notFound("subscription", "no such subscription among your customers'")
        }
        guard subscription.isLive else {
            throw .conflict("subscription", "is \(subscription.status.rawValue) and can no longer change")
        }
        return (user, account, customer, subscription)
    }

    private func catalogOffer(_ offerId: String, _ context: CommandContext) throws(DomainError) -> Offer {
        guard let offer = context.catalog[offerId] else { throw .notFound("offerId", "\(offerId) left the catalog") }
        return offer
    }

    private func upgradeTarget(_ offerId: String, from current: Offer, _ context: CommandContext) throws(DomainError) -> Offer {
        guard let target = context.catalog[offerId] else { throw .notFound(SubscriptionField.offer.name, "no offer \(offerId) in the catalog") }
        let upgrades = context.catalog.upgrades(from: current)
        guard upgrades.contains(where: { $0.id == target.id }) else {
            let choices = upgrades.isEmpty ? "\(current.name) has none" : "choose " + upgrades.map(\.id).joined(separator: ", ")
            throw .invalid(.subscription(.offer), "\(target.name) is not an upgrade of \(current.name): an upgrade goes to a higher offer of the same product family (\(choices))", rule: 11)
        }
        return target
    }

    /// Every subscription change is recorded the same way: the fields that changed, for
    /// everyone the customer's relationships involve.
    func subscriptionDecision(_ operation: OperationType, _ old: Subscription, _ new: Subscription, _ customer: Customer,
                              by user: User, _ account: PartnerAccount, _ context: CommandContext, message: String) -> Decision {
        decision(context, by: user, account: account.id, events: [.subscriptionUpdated(new)],
                 audit: AuditEntry(operationType: operation, resourceName: "\(customer.name) · \(old.friendlyName)",
                                   customerId: customer.id, changes: FieldChanges(old.auditFields, new.auditFields),
                                   involvedAccounts: customer.relationships.map(\.partnerId)),
                 receipt: Receipt(message: message))
    }
}
