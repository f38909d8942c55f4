import Foundation

/// The Activity log's filters; nil means any.
public struct AuditFilter: Equatable, Sendable {
    public var userPrincipalName: String?
    public var operationType: OperationType?
    public var customerId: CustomerID?
    public var limit: Int?

    public init(userPrincipalName: String? = nil, operationType: OperationType? = nil, customerId: CustomerID? = nil,
                limit: Int? = nil) {
        self.userPrincipalName = userPrincipalName
        self.operationType = operationType
        self.customerId = customerId
        self.limit = limit
    }
}

extension PartnerModel {
    /// Audit records the account may read, newest first, narrowed by the filter.
    public func auditRecords(visibleTo account: AccountID, filter: AuditFilter) -> [AuditRecord] {
        let user = filter.userPrincipalName?.lowercased()
        var result: [AuditRecord] = []
        for position in auditLog.positions(visibleTo: account) {
            if let limit = filter.limit, result.count >= limit { break }
            let record = auditLog[position]
            if let user, record.userPrincipalName.lowercased() != user { continue }
            if let operation = filter.operationType, record.operationType != operation { continue }
            if let customer = filter.customerId, record.customerId != customer { continue }
            result.append(record)
        }
        return result
    }
}
