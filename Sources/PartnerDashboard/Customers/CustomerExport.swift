import Foundation
import PartnerCore
import PartnerWorkspace
import TerminalKit

/// Export (`e`) of the Customers page: the customers as filtered on screen, as CSV in
/// the workspace's `exports/` folder (the folder 0700, the file 0600: partner data).
/// Headers are the Partner Center's field names, so the file reads like its API.
enum CustomerExport {
    static let header = [
        "id", "companyName", "domain", "associatedPartnerId", "associatedPartnerName",
        "relationships", "subscriptions", "createdAt",
    ]

    /// The CSV text: a header, then one record per customer, in the order given.
    /// `relationships` names the resellers of record; `subscriptions` counts the active ones.
    static func csv(_ customers: [CustomerID], model: PartnerModel) -> String {
        var out = CSV.record(header)
        out.reserveCapacity(customers.count * 200)
        for id in customers {
            guard let c = model.customers[id] else { continue }
            var active = 0
            for subscription in model.subscriptions(of: id) where subscription.status == .active { active += 1 }
            out += CSV.record([
                c.id.description, c.companyProfile.companyName, c.companyProfile.domain,
                c.associatedPartnerId?.description ?? "", c.associatedPartnerId.map { model.partnerName($0) } ?? "",
                c.relationships.map { model.partnerName($0.partnerId) }.joined(separator: "; "),
                String(active), iso8601(c.createdAt),
            ])
        }
        return out
    }

    /// `2026-11-18T10:06:40Z`, by arithmetic: Foundation's formatter costs more than the
    /// rest of a row, and an export may hold 200k rows.
    static func iso8601(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil, inverted).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(year)-\(two(month))-\(two(day))T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }
}
