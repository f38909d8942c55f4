import Foundation

extension PartnerModel {
    /// The Customers page for an account (rule 6: only customers it is reseller of record
    /// for), optionally narrowed to those it shares with one reseller and to those whose
    /// company name, domain or contact contains `text` (case- and accent-insensitive).
    /// Sorted by company name.
    public func customerList(visibleTo account: AccountID, sharedWith reseller: AccountID? = nil,
                             matching text: String = "") -> [Customer] {
        let ids = reseller.map { sharedCustomerIds(account, $0) } ?? customerIds(visibleTo: account)
        let needle = text.trimmingCharacters(in: .whitespaces)
        return ids.compactMap { customers[$0] }
            .filter { customer in
                needle.isEmpty || [customer.name, customer.companyProfile.domain, customer.billingProfile.contactName,
                                   customer.billingProfile.email].contains {
                    $0.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
                }
            }
            .sorted {
                let order = $0.name.localizedStandardCompare($1.name)
                return order == .orderedSame ? $0.id < $1.id : order == .orderedAscending
            }
    }
}
