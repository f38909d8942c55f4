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
        model.customerList(visibleTo: me.account.id, sharedWith: try sharedWith(in: model, for: me), matching: filter ?? "")
    }

    /// Whether the list is narrowed to one reseller's customers.
    var isOneReseller: Bool { reseller.map { $0.lowercased() != "all" } ?? false }

    func sharedWith(in model: PartnerModel, for me: SignedIn) throws -> AccountID? {
        try Self.sharedWith(reseller, in: model, for: me)
    }

    /// The reseller a provider's list is narrowed to (nil for none or `all`).
    static func sharedWith(_ reseller: String?, in model: PartnerModel, for me: SignedIn) throws -> AccountID? {
        guard let reseller, reseller.lowercased() != "all" else { return nil }
        guard me.isProvider else {
            throw CLIError("reseller", "filters a provider's customers; `partnerdash providers customers` lists those you share with a provider")
        }
        return try model.findAccount(reseller, kind: .indirectReseller, field: "reseller").id
    }
}
