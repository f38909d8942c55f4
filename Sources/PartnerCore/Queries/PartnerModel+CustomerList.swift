import Foundation

extension PartnerModel {
    /// The Customers page for an account (rule 6: only customers it is reseller of record
    /// for), optionally narrowed to those it shares with one reseller and to those whose
    /// company name, domain, contact or email contains `text`: the Customers page's own
    /// filter and order (`CustomerSearchIndex`), so the command line lists what the page does.
    public func customerList(visibleTo account: AccountID, sharedWith reseller: AccountID? = nil,
                             matching text: String = "") -> [Customer] {
        let ids = reseller.map { sharedCustomerIds(account, $0) } ?? customerIds(visibleTo: account)
        let index = CustomerSearchIndex(model: self, ids: ids)
        return index.positions(matching: text.trimmingCharacters(in: .whitespaces)).compactMap { customers[index.ids[$0]] }
    }
}
