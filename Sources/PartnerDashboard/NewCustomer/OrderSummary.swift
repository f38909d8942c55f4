import Foundation
import PartnerCore
import TerminalKit

/// The cart priced: each ticked offer's line total, and what is charged per
/// billing cycle. Only lines with a valid count are priced.
struct OrderSummary {
    struct Line {
        let offer: Offer
        let quantity: Int
        var total: Decimal { offer.unitPrice * Decimal(quantity) }
    }

    struct Total {
        let cycle: Offer.BillingCycle
        let amount: Decimal
    }

    let lines: [Line]

    init(picker: OfferPicker) {
        lines = picker.picked.compactMap { offer in
            picker.quantity(offer).flatMap { offer.quantityRange.contains($0) ? Line(offer: offer, quantity: $0) : nil }
        }
    }

    /// Monthly first, then annual; a cycle with no line is left out.
    var totals: [Total] {
        Offer.BillingCycle.allCases.compactMap { cycle in
            let mine = lines.filter { $0.offer.billingCycle == cycle }
            return mine.isEmpty ? nil : Total(cycle: cycle, amount: mine.reduce(Decimal(0)) { $0 + $1.total })
        }
    }
}
