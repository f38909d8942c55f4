import ArgumentParser
import Foundation
import PartnerCore

struct Offers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the offer catalog: ids for --offer, license ranges, terms and prices.",
        discussion: """
            Examples:
              partnerdash offers
              partnerdash offers --json
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let catalog = try Session.catalog()
        if global.json {
            try session.output.emit(catalog.offers)
            return
        }
        var table = Table([Table.Column("Offer ID"), Table.Column("Name"), Table.Column("Licenses", right: true),
                           Table.Column("Term"), Table.Column("Billing"), Table.Column("Unit price", right: true)])
        for offer in catalog.offers {
            table.add([offer.id, offer.name, "\(offer.minimumQuantity)–\(offer.maximumQuantity)", offer.termDuration.label,
                       offer.billingCycle.rawValue, String(format: "%.2f", NSDecimalNumber(decimal: offer.unitPrice).doubleValue)])
        }
        session.output.table(table)
    }
}
