import Foundation
import PartnerCore

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

    public static let soon: TimeInterval = 30 * 86_400

    public init(model: PartnerModel, account: PartnerAccount, now: Date) {
        let mine = account.id
        for partnership in model.partnerships(of: mine) where partnership.status == .active {
            partnersActive += 1
        }
        let pending = PendingInvitations(model: model, account: mine, now: now)
        invitationsSentPending = pending.sent
        partnersInvited = pending.sentPartnerships
        invitationsReceivedPending = pending.received
        let visible = model.customerIds(visibleTo: mine)
        customers = visible.count
        for customer in visible {
            let subscriptions = model.subscriptions(of: customer)
            var hasLive = false, hasContact = false
            for subscription in subscriptions {
                switch subscription.status {
                case .active:
                    subscriptionsActive += 1
                    hasLive = true
                    let left = subscription.commitmentEndDate.timeIntervalSince(now)
                    if left >= 0 && left <= Self.soon { subscriptionsEndingSoon += 1 }
                case .suspended:
                    subscriptionsSuspended += 1
                    hasLive = true
                case .deleted, .expired:
                    break
                }
                if subscription.supportContact != nil { hasContact = true }
            }
            if hasLive && !hasContact { customersWithoutSupportContact += 1 }
        }
    }
}
