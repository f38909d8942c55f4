import Foundation
import PartnerCore
import TerminalKit

/// A cell of a subscription's row, so Customers and a reseller's page word a
/// subscription alike while choosing their own columns.
enum SubscriptionCell: Hashable, Sendable {
    case name, quantity, status, partnerOfRecord, supportContact, ends

    /// The columns for some cells, each hidden below the width a page gives it.
    static func columns(_ cells: [SubscriptionCell], hiddenBelow: [SubscriptionCell: Int] = [:]) -> [TableColumn] {
        cells.map { cell in
            let (title, width, alignment): (String, TableColumn.Width, HorizontalAlignment) = switch cell {
            case .name: ("Subscription", .flexible(min: 22), .leading)
            case .quantity: ("Qty", .fixed(5), .trailing)
            case .status: ("Status", .fixed(9), .leading)
            case .partnerOfRecord: ("Partner of record", .flexible(min: 18), .leading)
            case .supportContact: ("Support", .flexible(min: 12), .leading)
            case .ends: ("Ends", .fixed(10), .leading)
            }
            return TableColumn(title, width, alignment: alignment, hiddenBelow: hiddenBelow[cell])
        }
    }

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

    /// The lines of an open record that Customers and a reseller's page draw alike: the
    /// column titles, "No subscriptions", and each subscription (inactive ones dim); nil for
    /// the customer's own line and the record's actions, which each page words itself.
    /// `shortName` gives the catalog's short name, drawn when the full one does not fit.
    static func recordLine(_ row: CustomerTreeRow, _ cells: [SubscriptionCell], model: PartnerModel,
                           day: (Date) -> String, shortName: (Subscription) -> String?) -> CustomerTree.Line? {
        switch row {
        case .subscriptionsHeader:
            return CustomerTree.Line(.subscription, columns(cells).map(\.title), style: .underline)
        case .noSubscriptions:
            return CustomerTree.Line(.span, ["No subscriptions"], style: .dim)
        case .subscription(_, let id):
            guard let subscription = model.subscriptions[id] else { return CustomerTree.Line(.subscription, []) }
            let shorter = zip(cells.indices, cells).first { $0.1 == .name }
                .flatMap { name in shortName(subscription).map { [name.0: $0] } } ?? [:]
            return CustomerTree.Line(.subscription, cells.map { $0.text(subscription, model: model, day: day) },
                                     style: subscription.status == .active ? .plain : .dim, shorter: shorter)
        case .customer, .action:
            return nil
        }
    }
}
