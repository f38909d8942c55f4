import Foundation

/// One committed change, read back from the journal: who did what, when, and to what.
public struct AuditRecord: Equatable, Sendable, Codable {
    public enum OperationStatus: String, Sendable, Codable, CaseIterable { case succeeded }

    public var sequence: UInt64
    public var operationDate: Date
    public var userPrincipalName: String
    /// The account the user acted as (nil for a customer's consent).
    public var accountId: AccountID?
    public var operationType: OperationType
    public var resourceName: String
    public var customerId: CustomerID?
    public var oldValue: String
    public var newValue: String
    public var operationStatus: OperationStatus
    /// Every partner account the change concerns: who may read this record.
    public var involvedAccounts: [AccountID]

    public init(sequence: UInt64, operationDate: Date, userPrincipalName: String, accountId: AccountID?,
                operationType: OperationType, resourceName: String, customerId: CustomerID?,
                oldValue: String, newValue: String, operationStatus: OperationStatus = .succeeded,
                involvedAccounts: [AccountID]) {
        self.sequence = sequence
        self.operationDate = operationDate
        self.userPrincipalName = userPrincipalName
        self.accountId = accountId
        self.operationType = operationType
        self.resourceName = resourceName
        self.customerId = customerId
        self.oldValue = oldValue
        self.newValue = newValue
        self.operationStatus = operationStatus
        self.involvedAccounts = involvedAccounts
    }
}

/// Partner Center's audit operation names, where it has one.
public enum OperationType: String, Sendable, Codable, CaseIterable {
    case enroll_partner
    case verify_enrollment_email
    case review_enrollment
    case resubmit_enrollment
    case add_user
    case update_user_roles
    case update_partner_profile
    case submit_profile_change_request
    case complete_profile_change_request
    case create_invitation
    case withdraw_invitation
    case decline_invitation
    case create_partner_relationship
    case end_partner_relationship
    case add_customer
    case create_customer_relationship
    case remove_customer_relationship
    case create_order
    case update_subscription
    case register_membership_profile
    case cancel_subscription
    case upgrade_subscription
    case renew_subscription
    case expire_subscription
}
