import Foundation
import PartnerCore
import TerminalKit

/// A cell of a subscription's row, so Customers and a reseller's page word a
/// subscription alike while choosing their own columns.
enum SubscriptionCell: Sendable {
    case name, quantity, status, partnerOfRecord, supportContact, ends

    func text(_ subscription: Subscription, model: PartnerModel, day: (Date) -> String) -> String {
        switch self {
        case .name: return subscription.friendlyName
        case .quantity: return String(subscription.quantity)
        case .status: return subscription.status.rawValue.capitalized
        // The partner of record is stored as an MPN ID; the name is what people know.
        case .partnerOfRecord: return subscription.partnerId.map { model.account(mpnId: $0)?.legalName ?? $0 } ?? "—"
        case .supportContact: return subscription.supportContact?.name ?? "—"
        case .ends: return day(subscription.commitmentEndDate)
        }
    }

    /// A subscription's line of a `CustomerTree`: inactive ones dim.
    static func line(_ cells: [SubscriptionCell], _ subscription: Subscription?, model: PartnerModel,
                     day: (Date) -> String) -> CustomerTree.Line {
        guard let subscription else { return CustomerTree.Line(.subscription, []) }
        return CustomerTree.Line(.subscription, cells.map { $0.text(subscription, model: model, day: day) },
                                 style: subscription.status == .active ? .plain : .dim)
    }
}
