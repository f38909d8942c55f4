import Foundation

public struct Subscription: Equatable, Sendable, Codable, Identifiable {
    /// Partner Center's subscription status values: a cancelled new-commerce subscription is
    /// `deleted` (it cannot be restored), one whose term ended without renewing is `expired`.
    public enum Status: String, Sendable, Codable, CaseIterable { case active, suspended, deleted, expired }

    public var id: SubscriptionID
    public var customerId: CustomerID
    public var offerId: String
    public var friendlyName: String
    public var quantity: Int
    public var status: Status
    /// Partner of record: a reseller's MPN ID, never the provider's.
    public var partnerId: String?
    /// Designated support contact: one of the provider's resellers.
    public var supportContact: SupportContact?
    public var creationDate: Date
    /// The start of the current term: the purchase, or the last renewal. The cancellation
    /// window (rule 11) runs from here.
    public var effectiveStartDate: Date
    public var commitmentEndDate: Date
    public var autoRenewEnabled: Bool
    /// What changes when the term renews (Partner Center's `scheduledNextTermInstructions`).
    public var scheduledNextTerm: NextTermInstructions?
    public var orderId: OrderID

    public init(id: SubscriptionID, customerId: CustomerID, offerId: String, friendlyName: String, quantity: Int,
                status: Status, partnerId: String?, supportContact: SupportContact?, creationDate: Date,
                effectiveStartDate: Date? = nil, commitmentEndDate: Date, autoRenewEnabled: Bool,
                scheduledNextTerm: NextTermInstructions? = nil, orderId: OrderID) {
        self.id = id
        self.customerId = customerId
        self.offerId = offerId
        self.friendlyName = friendlyName
        self.quantity = quantity
        self.status = status
        self.partnerId = partnerId
        self.supportContact = supportContact
        self.creationDate = creationDate
        self.effectiveStartDate = effectiveStartDate ?? creationDate
        self.commitmentEndDate = commitmentEndDate
        self.autoRenewEnabled = autoRenewEnabled
        self.scheduledNextTerm = scheduledNextTerm
        self.orderId = orderId
    }

    private enum CodingKeys: String, CodingKey {
        case id, customerId, offerId, friendlyName, quantity, status, partnerId, supportContact, creationDate
        case effectiveStartDate, commitmentEndDate, autoRenewEnabled, scheduledNextTerm = "scheduledNextTermInstructions", orderId
    }

    /// Records written before terms renewed have no term start: their term began at purchase.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let created = try c.decode(Date.self, forKey: .creationDate)
        self.init(id: try c.decode(SubscriptionID.self, forKey: .id), customerId: try c.decode(CustomerID.self, forKey: .customerId),
                  offerId: try c.decode(String.self, forKey: .offerId), friendlyName: try c.decode(String.self, forKey: .friendlyName),
                  quantity: try c.decode(Int.self, forKey: .quantity), status: try c.decode(Status.self, forKey: .status),
                  partnerId: try c.decodeIfPresent(String.self, forKey: .partnerId),
                  supportContact: try c.decodeIfPresent(SupportContact.self, forKey: .supportContact), creationDate: created,
                  effectiveStartDate: try c.decodeIfPresent(Date.self, forKey: .effectiveStartDate),
                  commitmentEndDate: try c.decode(Date.self, forKey: .commitmentEndDate),
                  autoRenewEnabled: try c.decode(Bool.self, forKey: .autoRenewEnabled),
                  scheduledNextTerm: try c.decodeIfPresent(NextTermInstructions.self, forKey: .scheduledNextTerm),
                  orderId: try c.decode(OrderID.self, forKey: .orderId))
    }

    /// Active or suspended: its term runs, so it renews or expires when the term ends.
    public var isLive: Bool { status == .active || status == .suspended }

    /// Rule 11: cancelling, and lowering the licenses, are allowed for 168 hours after the
    /// purchase or the last renewal.
    public static let cancellationWindow: TimeInterval = 168 * 3_600

    /// How far ahead Home and `subscriptions ending` look for terms that end.
    public static let endingSoonWindow: TimeInterval = 30 * 86_400

    /// Active with its term ending within `endingSoonWindow` of `now`: the ones to decide
    /// about (renew, change at renewal, or let expire).
    public func endsSoon(at now: Date) -> Bool {
        let left = commitmentEndDate.timeIntervalSince(now)
        return status == .active && left >= 0 && left <= Self.endingSoonWindow
    }

    /// The moment the current term's cancellation window closes.
    public var cancellationWindowEnd: Date { effectiveStartDate.addingTimeInterval(Self.cancellationWindow) }

    /// Whether `now` is inside the cancellation window (its last instant excluded).
    public func isInCancellationWindow(at now: Date) -> Bool {
        now >= effectiveStartDate && now < cancellationWindowEnd
    }
}

/// A change that takes effect when the term renews: another offer of the same product
/// family, another license count, or both.
public struct NextTermInstructions: Equatable, Sendable, Codable, CustomStringConvertible {
    public var offerId: String?
    public var quantity: Int?

    public init(offerId: String? = nil, quantity: Int? = nil) {
        self.offerId = offerId
        self.quantity = quantity
    }

    /// `offer m365-e5, 40 licenses`: how the audit log and the command line show it.
    public var description: String {
        [offerId.map { "offer \($0)" }, quantity.map { "\($0) licenses" }].compactMap { $0 }.joined(separator: ", ")
    }
}

public struct SupportContact: Equatable, Sendable, Codable {
    public var supportTenantId: AccountID
    public var supportMpnId: String
    public var name: String

    public init(supportTenantId: AccountID, supportMpnId: String, name: String) {
        self.supportTenantId = supportTenantId
        self.supportMpnId = supportMpnId
        self.name = name
    }
}
