import ArgumentParser
import PartnerCore

/// The Customers page's filters, shared by `customers list` and `export customers`.
struct CustomerFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Only customers you share with this indirect reseller (MPN ID, domain or name), or 'all' (provider).",
        valueName: "reseller"), completion: WorkspaceCompletion.resellers)
    var reseller: String?

    @Option(help: ArgumentHelp("Only customers whose name, domain, contact or email contains this text.", valueName: "text"))
    var filter: String?

    func customers(in model: PartnerModel, for me: SignedIn) throws -> [Customer] {
        var shared: AccountID?
        if let reseller, reseller.lowercased() != "all" {
            guard me.isProvider else {
                throw CLIError("reseller", "filters a provider's customers; `partnerdash providers customers` lists those you share with a provider")
            }
            shared = try model.findAccount(reseller, kind: .indirectReseller, field: "reseller").id
        }
        return model.customerList(visibleTo: me.account.id, sharedWith: shared, matching: filter ?? "")
    }
}
