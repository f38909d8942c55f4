import Foundation

/// A subscription to an offer, laid out for size: it is the model's most numerous entity
/// (three or more a customer), held inline in its table's chunks. Its ids and dates are
/// held as they are; its offer id and friendly name are one pair of `InternedTexts` (nearly
/// every subscription is called by its offer's name, so an offer's subscriptions share one
/// number), its partner of record's MPN ID one text of it, its quantity an `Int32`; what few
/// subscriptions have (a support contact, a scheduled change, a quantity beyond `Int32`) is
/// one reference, nil for most. 96 bytes inline and nothing else, where the plain struct
/// held 144 bytes inline and pointed at its strings. The properties keep their names and
/// types; `Codable` writes the plain struct's JSON and equality is the plain struct's.
public struct Subscription: Sendable, Identifiable {
    /// Partner Center's subscription status values: a cancelled new-commerce subscription is
    /// `deleted` (it cannot be restored), one whose term ended without renewing is `expired`.
    public enum Status: String, Sendable, Codable, CaseIterable { case active, suspended, deleted, expired }

    // Stored in this order so that no field is padded out: the 4-byte fields, then the two one-byte ones.
    public var id: SubscriptionID
    public var customerId: CustomerID
    public var orderId: OrderID
    public var creationDate: Date
    /// The start of the current term: the purchase, or the last renewal. The cancellation
    /// window (rule 11) runs from here.
    public var effectiveStartDate: Date
    public var commitmentEndDate: Date
    private var seldom: Seldom?
    /// `offerId` and `friendlyName`, as one pair of `InternedTexts`.
    private var offerAndName: UInt32
    /// The partner of record's number in `InternedTexts` plus one; 0 for none.
    private var partnerNumber: UInt32
    /// The quantity, or `quantityHeldApart` when it is in `seldom`.
    private var shortQuantity: Int32
    public var status: Status
    public var autoRenewEnabled: Bool

    /// Marks a quantity that does not fit `shortQuantity` (this value included).
    private static let quantityHeldApart = Int32.min

    /// A quantity as `shortQuantity` holds it, and the quantity to hold in `seldom` when it does not fit.
    private static func split(_ quantity: Int) -> (short: Int32, apart: Int?) {
        guard let short = Int32(exactly: quantity), short != quantityHeldApart else { return (quantityHeldApart, quantity) }
        return (short, nil)
    }

    public var offerId: String {
        get { InternedTexts.shared.pair(offerAndName).first }
        set { offerAndName = InternedTexts.shared.pairNumber(of: newValue, friendlyName) }
    }

    public var friendlyName: String {
        get { InternedTexts.shared.pair(offerAndName).second }
        set { offerAndName = InternedTexts.shared.pairNumber(of: offerId, newValue) }
    }

    /// Partner of record: a reseller's MPN ID, never the provider's.
    public var partnerId: String? {
        get { partnerNumber == 0 ? nil : InternedTexts.shared.text(partnerNumber - 1) }
        set { partnerNumber = Self.number(ofPartner: newValue) }
    }

    public var quantity: Int {
        get { shortQuantity != Self.quantityHeldApart ? Int(shortQuantity) : seldom?.quantity ?? 0 }
        set {
            let (short, apart) = Self.split(newValue)
            shortQuantity = short
            seldom = Seldom.holding(seldom?.supportContact, seldom?.scheduledNextTerm, apart)
        }
    }

    /// Designated support contact: one of the provider's resellers.
    public var supportContact: SupportContact? {
        get { seldom?.supportContact }
        set { seldom = Seldom.holding(newValue, seldom?.scheduledNextTerm, seldom?.quantity) }
    }

    /// What changes when the term renews (Partner Center's `scheduledNextTermInstructions`).
    public var scheduledNextTerm: NextTermInstructions? {
        get { seldom?.scheduledNextTerm }
        set { seldom = Seldom.holding(seldom?.supportContact, newValue, seldom?.quantity) }
    }

    /// The offer id, friendly name and partner of record under one lock: what a snapshot
    /// writes of each of hundreds of thousands.
    package var texts: (offerId: String, friendlyName: String, partnerId: String?) {
        let (pair, partner) = (offerAndName, partnerNumber)
        return InternedTexts.shared.looking { table in
            let (offer, name) = table.pair(pair)
            return (offer, name, partner == 0 ? nil : table.text(partner - 1))
        }
    }

    /// Never changed in place (a change makes a new one), so copies of a subscription share it safely.
    private final class Seldom: Sendable {
        let supportContact: SupportContact?
        let scheduledNextTerm: NextTermInstructions?
        /// A quantity that does not fit `shortQuantity`.
        let quantity: Int?

        private init(_ supportContact: SupportContact?, _ scheduledNextTerm: NextTermInstructions?, _ quantity: Int?) {
            self.supportContact = supportContact
            self.scheduledNextTerm = scheduledNextTerm
            self.quantity = quantity
        }

        /// nil when all are: most subscriptions then hold no reference.
        static func holding(_ supportContact: SupportContact?, _ scheduledNextTerm: NextTermInstructions?,
                            _ quantity: Int?) -> Seldom? {
            supportContact == nil && scheduledNextTerm == nil && quantity == nil
                ? nil : Seldom(supportContact, scheduledNextTerm, quantity)
        }
    }

    public init(id: SubscriptionID, customerId: CustomerID, offerId: String, friendlyName: String, quantity: Int,
                status: Status, partnerId: String?, supportContact: SupportContact?, creationDate: Date,
                effectiveStartDate: Date? = nil, commitmentEndDate: Date, autoRenewEnabled: Bool,
                scheduledNextTerm: NextTermInstructions? = nil, orderId: OrderID) {
        self.init(id: id, customerId: customerId, offerAndName: InternedTexts.shared.pairNumber(of: offerId, friendlyName),
                  quantity: quantity, status: status, partnerNumber: Self.number(ofPartner: partnerId),
                  supportContact: supportContact, creationDate: creationDate, effectiveStartDate: effectiveStartDate,
                  commitmentEndDate: commitmentEndDate, autoRenewEnabled: autoRenewEnabled,
                  scheduledNextTerm: scheduledNextTerm, orderId: orderId)
    }

    /// The same, numbering the texts through `numbers` (a snapshot's decode of many
    /// subscriptions on one thread): the shared table's lock is then taken once a distinct
    /// text, not once a subscription.
    package init(id: SubscriptionID, customerId: CustomerID, offerId: String, friendlyName: String, quantity: Int,
                 status: Status, partnerId: String?, supportContact: SupportContact?, creationDate: Date,
                 effectiveStartDate: Date?, commitmentEndDate: Date, autoRenewEnabled: Bool,
                 scheduledNextTerm: NextTermInstructions?, orderId: OrderID, numbers: inout InternedNumbers) {
        self.init(id: id, customerId: customerId, offerAndName: numbers.pairNumber(of: offerId, friendlyName),
                  quantity: quantity, status: status, partnerNumber: partnerId.map { numbers.number(of: $0) + 1 } ?? 0,
                  supportContact: supportContact, creationDate: creationDate, effectiveStartDate: effectiveStartDate,
                  commitmentEndDate: commitmentEndDate, autoRenewEnabled: autoRenewEnabled,
                  scheduledNextTerm: scheduledNextTerm, orderId: orderId)
    }

    private init(id: SubscriptionID, customerId: CustomerID, offerAndName: UInt32, quantity: Int, status: Status,
                 partnerNumber: UInt32, supportContact: SupportContact?, creationDate: Date, effectiveStartDate: Date?,
                 commitmentEndDate: Date, autoRenewEnabled: Bool, scheduledNextTerm: NextTermInstructions?,
                 orderId: OrderID) {
        self.id = id
        self.customerId = customerId
        self.orderId = orderId
        self.creationDate = creationDate
        self.effectiveStartDate = effectiveStartDate ?? creationDate
        self.commitmentEndDate = commitmentEndDate
        self.offerAndName = offerAndName
        self.partnerNumber = partnerNumber
        let (short, apart) = Self.split(quantity)
        self.shortQuantity = short
        self.seldom = Seldom.holding(supportContact, scheduledNextTerm, apart)
        self.status = status
        self.autoRenewEnabled = autoRenewEnabled
    }

    private static func number(ofPartner partner: String?) -> UInt32 {
        partner.map { InternedTexts.shared.number(of: $0) + 1 } ?? 0
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

extension Subscription: Equatable {
    /// The plain struct's: equal numbers are equal texts, and texts that differ only in
    /// their Unicode normal form have different numbers and still compare equal, as
    /// `String`s do.
    public static func == (a: Subscription, b: Subscription) -> Bool {
        guard a.id == b.id && a.customerId == b.customerId && a.orderId == b.orderId && a.creationDate == b.creationDate
            && a.effectiveStartDate == b.effectiveStartDate && a.commitmentEndDate == b.commitmentEndDate
            && a.status == b.status && a.autoRenewEnabled == b.autoRenewEnabled && a.quantity == b.quantity
            && (a.seldom === b.seldom || (a.supportContact == b.supportContact && a.scheduledNextTerm == b.scheduledNextTerm))
        else { return false }
        if a.offerAndName != b.offerAndName && (a.offerId != b.offerId || a.friendlyName != b.friendlyName) { return false }
        return a.partnerNumber == b.partnerNumber || a.partnerId == b.partnerId
    }
}

extension Subscription: Codable {
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

    /// The keys in the plain struct's order (what the synthesized encoder wrote), optionals
    /// left out when nil as it did.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let texts = self.texts
        try c.encode(id, forKey: .id)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(texts.offerId, forKey: .offerId)
        try c.encode(texts.friendlyName, forKey: .friendlyName)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(texts.partnerId, forKey: .partnerId)
        try c.encodeIfPresent(supportContact, forKey: .supportContact)
        try c.encode(creationDate, forKey: .creationDate)
        try c.encode(effectiveStartDate, forKey: .effectiveStartDate)
        try c.encode(commitmentEndDate, forKey: .commitmentEndDate)
        try c.encode(autoRenewEnabled, forKey: .autoRenewEnabled)
        try c.encodeIfPresent(scheduledNextTerm, forKey: .scheduledNextTerm)
        try c.encode(orderId, forKey: .orderId)
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
