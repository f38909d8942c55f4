import Foundation

public struct Order: Equatable, Sendable, Codable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, completed, cancelled }

    public var id: OrderID
    public var customerId: CustomerID
    public var lineItems: [LineItem]
    public var placedByAccount: AccountID
    public var placedByUser: String
    public var status: Status
    public var createdAt: Date

    public init(id: OrderID, customerId: CustomerID, lineItems: [LineItem], placedByAccount: AccountID,
                placedByUser: String, status: Status, createdAt: Date) {
        self.id = id
        self.customerId = customerId
        self.lineItems = lineItems
        self.placedByAccount = placedByAccount
        self.placedByUser = placedByUser
        self.status = status
        self.createdAt = createdAt
    }
}

public struct LineItem: Equatable, Sendable, Codable {
    public var lineItemNumber: Int
    public var offerId: String
    public var quantity: Int
    public var termDuration: Offer.TermDuration
    /// The reseller's MPN ID credited for the sale, if any.
    public var partnerIdOnRecord: String?

    public init(lineItemNumber: Int, offerId: String, quantity: Int, termDuration: Offer.TermDuration,
                partnerIdOnRecord: String?) {
        self.lineItemNumber = lineItemNumber
        self.offerId = offerId
        self.quantity = quantity
        self.termDuration = termDuration
        self.partnerIdOnRecord = partnerIdOnRecord
    }
}
