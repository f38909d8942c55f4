import Foundation
import PartnerCore
import TerminalKit

/// Home's numbers for one account, computed from the model once per visit.
public struct HomeSummary: Equatable, Sendable {
    public var partnersActive = 0
    public var partnersInvited = 0
    public var customers = 0
    public var subscriptionsActive = 0
    public var subscriptionsSuspended = 0
    /// Invitations this account sent that wait for an answer.
    public var invitationsSentPending = 0
    /// Partnership invitations waiting for this account's answer.
    public var invitationsReceivedPending = 0
    public var customersWithoutSupportContact = 0
    public var subscriptionsEndingSoon = 0
    /// False while the workspace is still reading its customers and subscriptions: the
    /// counts above that depend on them are not known yet (partners and invitations are).
    public var customersCounted = true

    public init(model: PartnerModel, account: PartnerAccount, now: Date) {
        self.init(model: model, account: account, now: now, scanningEverySubscription: nil)
    }

    /// Partners and invitations only, while the customers are still being read.
    public init(partnersOf account: PartnerAccount, in model: PartnerModel, now: Date) {
        self.init(model: model, account: account, now: now, scanningEverySubscription: nil, countingCustomers: false)
    }

    /// `scanningEverySubscription` picks the way subscriptions are counted (tests check
    /// that both agree); nil picks by how many customers the account sees.
    init(model: PartnerModel, account: PartnerAccount, now: Date, scanningEverySubscription: Bool?,
         countingCustomers: Bool = true) {
        let mine = account.id
        for partnership in model.partnerships(of: mine) where partnership.status == .active {
            partnersActive += 1
        }
        let pending = PendingInvitations(model: model, account: mine, now: now)
        invitationsSentPending = pending.sent
        partnersInvited = pending.sentPartnerships
        invitationsReceivedPending = pending.received
        guard countingCustomers else {
            customersCounted = false
            return
        }
        let visible = model.customerIds(visibleTo: mine)
        customers = visible.count
        // A provider sees most customers: one pass over every subscription (in storage
        // order, no per-customer arrays) beats 200,000 lookups of each customer's list.
        // A reseller sees a few: looking up their lists is then the short way.
        if scanningEverySubscription ?? (visible.count > model.customers.count / 8) {
            // One table of the visible customers' flags: a subscription's lookup there says
            // both whether its customer is visible and where to note what it found.
            var flags = [CustomerID: UInt8](minimumCapacity: visible.count)
            for customer in visible { flags[customer] = 0 }
            for subscription in model.subscriptions.values {
                guard let at = flags.index(forKey: subscription.customerId) else { continue }
                flags.values[at] |= count(subscription, now: now)
            }
            customersWithoutSupportContact = flags.values.reduce(0) { $0 + ($1 == Self.live ? 1 : 0) }
        } else {
            for customer in visible {
                var flag: UInt8 = 0
                for subscription in model.subscriptions(of: customer) { flag |= count(subscription, now: now) }
                if flag == Self.live { customersWithoutSupportContact += 1 }
            }
        }
    }

    private static let live: UInt8 = 1
    private static let hasContact: UInt8 = 2

    /// Counts one subscription; returns whether it is live and whether it names a support contact.
    private mutating func count(_ subscription: Subscription, now: Date) -> UInt8 {
        var flag: UInt8 = subscription.supportContact != nil ? Self.hasContact : 0
        switch subscription.status {
        case .active:
            subscriptionsActive += 1
            flag |= Self.live
            if subscription.endsSoon(at: now) { subscriptionsEndingSoon += 1 }
        case .suspended:
            subscriptionsSuspended += 1
            flag |= Self.live
        case .deleted, .expired:
            break
        }
        return flag
    }
}
