import Foundation

/// A fact that has happened. Events carry whole new values (ids, dates and hashes made
/// before journaling), so applying one cannot fail and replay is deterministic.
public enum Event: Equatable, Sendable, Codable {
    case accountCreated(PartnerAccount)
    case accountUpdated(PartnerAccount)
    case userAdded(User)
    case userUpdated(User)
    case membershipProfileRegistered(MembershipProfile)
    case listingUpdated(AccountID, [ListingLocation])
    case profileChangeRequestUpdated(ProfileChangeRequest)
    case invitationUpdated(Invitation)
    case partnershipUpdated(Partnership)
    case customerCreated(Customer)
    case customerUpdated(Customer)
    case orderPlaced(Order)
    case subscriptionCreated(Subscription)
    case subscriptionUpdated(Subscription)
}

/// What one command changed: the unit of the journal (one record each), so a command is
/// applied whole or not at all, even across a torn write.
public struct Transaction: Equatable, Sendable, Codable {
    public var date: Date
    public var userPrincipalName: String
    public var accountId: AccountID?
    public var events: [Event]
    public var audit: AuditEntry

    public init(date: Date, userPrincipalName: String, accountId: AccountID?, events: [Event], audit: AuditEntry) {
        self.date = date
        self.userPrincipalName = userPrincipalName
        self.accountId = accountId
        self.events = events
        self.audit = audit
    }
}

/// The audit record of a transaction, before the journal gives it a sequence number.
public struct AuditEntry: Equatable, Sendable, Codable {
    public var operationType: OperationType
    public var resourceName: String
    public var customerId: CustomerID?
    public var oldValue: String
    public var newValue: String
    public var involvedAccounts: [AccountID]

    public init(operationType: OperationType, resourceName: String, customerId: CustomerID? = nil,
                oldValue: String = "", newValue: String = "", involvedAccounts: [AccountID]) {
        self.operationType = operationType
        self.resourceName = resourceName
        self.customerId = customerId
        self.oldValue = oldValue
        self.newValue = newValue
        self.involvedAccounts = involvedAccounts
    }
}
