import ArgumentParser
import PartnerCore

/// `--offer OFFER_ID:QUANTITY[:PARTNER]`: one line of the New subscription page. The
/// quantity's range is the domain's to check (rule 8), so any integer parses.
struct OfferChoice: ExpressibleByArgument {
    var offerId: String
    var quantity: Int
    /// The reseller credited as partner of record: MPN ID or name.
    var partner: String?

    init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty, let quantity = Int(parts[1]) else { return nil }
        offerId = parts[0]
        self.quantity = quantity
        partner = parts.count == 3 && !parts[2].isEmpty ? parts[2] : nil
    }

    static let help = ArgumentHelp(
        "An offer and its license count, optionally with the reseller credited as partner of record "
            + "(MPN ID or name). Repeat for several offers; `partnerdash offers` lists them.",
        valueName: "offer-id:quantity[:partner]")

    /// The cart for the domain, with partner names resolved among the provider's resellers.
    static func cart(_ choices: [OfferChoice], model: PartnerModel) throws -> [CartLine] {
        try choices.enumerated().map { i, choice in
            let partner = try choice.partner.map {
                try model.findAccount($0, kind: .indirectReseller, field: "cart[\(i)].partnerOfRecord").id
            }
            return CartLine(offerId: choice.offerId, quantity: choice.quantity, partnerOfRecord: partner)
        }
    }
}

enum OnOff: String, ExpressibleByArgument, CaseIterable {
    case on, off

    var isOn: Bool { self == .on }
}

extension User.Role: ExpressibleByArgument {}
extension OperationType: ExpressibleByArgument {}
extension Invitation.Status: ExpressibleByArgument {}

/// A reseller named on the command line, or `none` to clear the field.
enum PartnerChoice: ExpressibleByArgument {
    case none
    case partner(String)

    init?(argument: String) {
        self = argument.lowercased() == "none" ? .none : .partner(argument)
    }

    func resolve(in model: PartnerModel, field: String) throws -> AccountID? {
        switch self {
        case .none: return nil
        case .partner(let text): return try model.findAccount(text, kind: .indirectReseller, field: field).id
        }
    }
}
