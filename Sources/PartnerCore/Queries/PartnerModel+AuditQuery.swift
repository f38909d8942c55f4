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
    /// Audit records the account may read, newest first, narrowed by the filter. Reads
    /// the log's cold chunks back only as far as the limit needs, and only those naming
    /// the account; throws when one of them cannot be read (`AuditChunkSource`).
    public func auditRecords(visibleTo account: AccountID, filter: AuditFilter) throws -> [AuditRecord] {
        let user = filter.userPrincipalName?.lowercased()
        var result: [AuditRecord] = []
        try auditLog.forEachVisible(to: account) { record in
            if let limit = filter.limit, result.count >= limit { return false }
            if let user, record.userPrincipalName.lowercased() != user { return true }
            if let operation = filter.operationType, record.operationType != operation { return true }
            if let customer = filter.customerId, record.customerId != customer { return true }
            result.append(record)
            return true
        }
        return result
    }
}
