/// The old and new values of an audit record that changes fields of a record: only the
/// fields that changed, each as `name: value`, so the record says what happened and nothing
/// else (a profile's legal name, not its support email).
struct FieldChanges: Equatable {
    var old = ""
    var new = ""

    /// Compares two versions given as (field name, value) pairs; a field on one side only
    /// (a listing location added or dropped) is empty on the other.
    init(_ before: [(String, String)], _ after: [(String, String)]) {
        let oldValues = Dictionary(before, uniquingKeysWith: { first, _ in first })
        let newValues = Dictionary(after, uniquingKeysWith: { first, _ in first })
        var names = before.map(\.0)
        names += after.map(\.0).filter { oldValues[$0] == nil }
        let changed = names.filter { oldValues[$0, default: ""] != newValues[$0, default: ""] }
        old = Self.listing(changed, oldValues)
        new = Self.listing(changed, newValues)
    }

    private static func listing(_ names: [String], _ values: [String: String]) -> String {
        names.map { name in
            let value = values[name, default: ""]
            return "\(name): \(value.isEmpty ? "(empty)" : value)"
        }.joined(separator: "; ")
    }
}

extension AuditEntry {
    /// An entry whose old and new values are the fields that changed.
    init(operationType: OperationType, resourceName: String, customerId: CustomerID? = nil, changes: FieldChanges,
         involvedAccounts: [AccountID]) {
        self.init(operationType: operationType, resourceName: resourceName, customerId: customerId,
                  oldValue: changes.old, newValue: changes.new, involvedAccounts: involvedAccounts)
    }
}

extension PartnerAccount {
    /// The profile as the audit log compares it: every row of the profile table.
    var profileFields: [(String, String)] {
        AccountProfileField.allCases.map { ($0.name, self[$0]) }
    }
}

extension Array where Element == ListingLocation {
    /// A listing as the audit log compares it: each location's fields, named with its index.
    var auditFields: [(String, String)] {
        enumerated().flatMap { i, location in
            ListingLocationField.allCases.map { (FieldRef.listingLocation(i, $0).name, location[$0]) }
        }
    }
}

extension Subscription {
    /// What Subscription detail changes, as the audit log compares it.
    var auditFields: [(String, String)] {
        [(SubscriptionField.friendlyName.name, friendlyName), (SubscriptionField.quantity.name, String(quantity)),
         (SubscriptionField.status.name, status.rawValue), (SubscriptionField.autoRenew.name, autoRenewEnabled ? "on" : "off"),
         (SubscriptionField.partnerOfRecord.name, partnerId ?? ""), (SubscriptionField.supportContact.name, supportContact?.name ?? ""),
         (SubscriptionField.offer.name, offerId), ("commitmentEndDate", CalendarDay(commitmentEndDate).description),
         ("scheduledNextTerm", scheduledNextTerm?.description ?? "")]
    }
}
