import Foundation

/// The activity log as CSV, with the Partner Center's audit record field names, for the
/// Activity log page's export and `partnerdash log --csv`.
public enum AuditLogCSV {
    public static let header = ["operationDate", "userPrincipalName", "operationType", "resourceName", "customerId",
                                "oldValue", "newValue", "operationStatus"]

    public static func rows(_ records: [AuditRecord]) -> [[String]] {
        [header] + records.map { r in
            [r.operationDate.formatted(.iso8601), r.userPrincipalName, r.operationType.rawValue, r.resourceName,
             r.customerId?.description ?? "", r.oldValue, r.newValue, r.operationStatus.rawValue]
        }
    }

    public static func text(_ records: [AuditRecord]) -> String {
        rows(records).map(CSV.record).joined()
    }
}
