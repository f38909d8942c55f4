import Foundation

public struct Subscription: Equatable, Sendable, Codable, Identifiable {
    /// Partner Center's subscription status values: a cancelled new-commerce subscription is
    /// `deleted` (it cannot be restored), one whose term ended without renewing is `expired`.
    public enum Status: String, Sendable, Codable, CaseIterable { case active, suspended, deleted, expired }

    // Stored in this order so that no field is padded out: the two one-byte fields last.
    public var id: SubscriptionID
    public var customerId: CustomerID
    public var orderId: OrderID
    public var offerId: String
    public var friendlyName: String
    public var quantity: Int
    /// Partner of record: a reseller's MPN ID, never the provider's.
    public var partnerId: String?
    public var creationDate: Date
    /// The start of the current term: the purchase, or the last renewal. The cancellation
    /// window (rule 11) runs from here.
    public var effectiveStartDate: Date
    public var commitmentEndDate: Date
    /// What few subscriptions have, held apart (nil when neither is set): a subscription
    /// without them spends 8 bytes on them instead of 80, and there are three or more a customer.
    private var seldom: Seldom?
    public var status: Status
    public var autoRenewEnabled: Bool

    /// Designated support contact: one of the provider's resellers.
    public var supportContact: SupportContact? {
        get { seldom?.supportContact }
        set { seldom = Seldom.holding(newValue, seldom?.scheduledNextTerm) }
    }

    /// What changes when the term renews (Partner Center's `scheduledNextTermInstructions`).
    public var scheduledNextTerm: NextTermInstructions? {
        get { seldom?.scheduledNextTerm }
        set { seldom = Seldom.holding(seldom?.supportContact, newValue) }
    }

    /// Never changed in place (a change makes a new one), so copies of a subscription share it safely.
    private final class Seldom: Equatable, Sendable {
        let supportContact: SupportContact?
        let scheduledNextTerm: NextTermInstructions?

        private init(_ supportContact: SupportContact?, _ scheduledNextTerm: NextTermInstructions?) {
            self.supportContact = supportContact
            self.scheduledNextTerm = scheduledNextTerm
        }

        /// nil when both are: equal subscriptions then hold equal `Seldom?`s.
        static func holding(_ supportContact: SupportContact?, _ scheduledNextTerm: NextTermInstructions?) -> Seldom? {
            supportContact == nil && scheduledNextTerm == nil ? nil : Seldom(supportContact, scheduledNextTerm)
        }

        static func == (a: Seldom, b: Seldom) -> Bool {
            a === b || (a.supportContact == b.supportContact && a.scheduledNextTerm == b.scheduledNextTerm)
        }
    }

    public init(id: SubscriptionID, customerId: CustomerID, offerId: String, friendlyName: String, quantity: Int,
                status: Status, partnerId: String?, supportContact: SupportContact?, creationDate: Date,
                effectiveStartDate: Date? = nil, commitmentEndDate: Date, autoRenewEnabled: Bool,
                scheduledNextTerm: NextTermInstructions? = nil, orderId: OrderID) {
        self.id = id
        self.customerId = customerId
        self.orderId = orderId
        self.offerId = offerId
        self.friendlyName = friendlyName
        self.quantity = quantity
        self.partnerId = partnerId
        self.creationDate = creationDate
        self.effectiveStartDate = effectiveStartDate ?? creationDate
        self.commitmentEndDate = commitmentEndDate
        self.seldom = Seldom.holding(supportContact, scheduledNextTerm)
        self.status = status
        self.autoRenewEnabled = autoRenewEnabled
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

    /// The keys in their order before the fields were laid out for size (what the
    /// synthesized encoder wrote), optionals left out when nil as it did.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(offerId, forKey: .offerId)
        try c.encode(friendlyName, forKey: .friendlyName)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(partnerId, forKey: .partnerId)
        try c.encodeIfPresent(supportContact, forKey: .supportContact)
        try c.encode(creationDate, forKey: .creationDate)
        try c.encode(effectiveStartDate, forKey: .effectiveStartDate)
        try c.encode(commitmentEndDate, forKey: .commitmentEndDate)
        try c.encode(autoRenewEnabled, forKey: .autoRenewEnabled)
        try c.encodeIfPresent(scheduledNextTerm, forKey: .scheduledNextTerm)
        try c.encode(orderId, forKey: .orderId)
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
