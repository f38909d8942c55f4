import Foundation

public struct Subscription: Equatable, Sendable, Codable, Identifiable {
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
    public var commitmentEndDate: Date
    public var autoRenewEnabled: Bool
    public var orderId: OrderID

    public init(id: SubscriptionID, customerId: CustomerID, offerId: String, friendlyName: String, quantity: Int,
                status: Status, partnerId: String?, supportContact: SupportContact?, creationDate: Date,
                commitmentEndDate: Date, autoRenewEnabled: Bool, orderId: OrderID) {
        self.id = id
        self.customerId = customerId
        self.offerId = offerId
        self.friendlyName = friendlyName
        self.quantity = quantity
        self.status = status
        self.partnerId = partnerId
        self.supportContact = supportContact
        self.creationDate = creationDate
        self.commitmentEndDate = commitmentEndDate
        self.autoRenewEnabled = autoRenewEnabled
        self.orderId = orderId
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
