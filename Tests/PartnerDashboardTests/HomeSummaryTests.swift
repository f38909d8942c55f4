import Foundation
import PartnerCore
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// Home counts subscriptions one of two ways (one pass over all of them when the
/// account sees most customers, each customer's list otherwise): both must give what a
/// plain count over each visible customer's subscriptions gives, for every account.
@MainActor
@Suite struct HomeSummaryTests {
    @Test func bothWaysOfCountingAgreeWithAPlainCount() throws {
        let demo = try DemoWorkspace()
        let model = demo.workspace.model
        // Around the demo's commitment ends, so "ends within 30 days" is not always zero.
        let ends = model.subscriptions.values.map(\.commitmentEndDate).sorted()
        let moments = [DemoWorkspace.now, ends[ends.count / 2].addingTimeInterval(-10 * 86_400)]
        for now in moments {
            for account in model.accounts.values {
                let expected = Self.plainCount(model, account: account, now: now)
                for scanning in [true, false] {
                    let summary = HomeSummary(model: model, account: account, now: now, scanningEverySubscription: scanning)
                    #expect(summary == expected, "\(account.legalName), scanning every subscription: \(scanning)")
                }
                #expect(HomeSummary(model: model, account: account, now: now) == expected)
            }
        }
    }

    /// The counting as first written: every visible customer, its subscriptions one by one.
    static func plainCount(_ model: PartnerModel, account: PartnerAccount, now: Date) -> HomeSummary {
        var s = HomeSummary(model: model, account: account, now: now, scanningEverySubscription: false)
        s.subscriptionsActive = 0
        s.subscriptionsSuspended = 0
        s.subscriptionsEndingSoon = 0
        s.customersWithoutSupportContact = 0
        for customer in model.customerIds(visibleTo: account.id) {
            var hasLive = false, hasContact = false
            for subscription in model.subscriptions(of: customer) {
                switch subscription.status {
                case .active:
                    s.subscriptionsActive += 1
                    hasLive = true
                    let left = subscription.commitmentEndDate.timeIntervalSince(now)
                    if left >= 0 && left <= Subscription.endingSoonWindow { s.subscriptionsEndingSoon += 1 }
                case .suspended:
                    s.subscriptionsSuspended += 1
                    hasLive = true
                case .deleted, .expired:
                    break
                }
                if subscription.supportContact != nil { hasContact = true }
            }
            if hasLive && !hasContact { s.customersWithoutSupportContact += 1 }
        }
        return s
    }
}
