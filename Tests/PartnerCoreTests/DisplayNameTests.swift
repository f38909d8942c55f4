import Foundation
import PartnerCore
import PartnerResources
import Testing

/// The names people read where space is tight: the catalog's short names and the
/// activity log's operation names (issue 10, item 6). The raw names stay for the CLI.
@Suite struct DisplayNameTests {
    private static func catalog() throws -> [Offer] {
        try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json"))
    }

    @Test func theThreeBusinessPlansHaveShortNamesThatTellThemApart() throws {
        let offers = try Self.catalog()
        let plans = ["m365-business-basic", "m365-business-standard", "m365-business-premium"]
        let short = plans.compactMap { id in offers.first { $0.id == id }?.shortName }
        #expect(short == ["M365 Basic", "M365 Standard", "M365 Premium"])
        // Where a column is cut at 23 columns, the full names read alike; the short ones never do.
        #expect(Set(offers.map(\.shortName)).count == offers.count)
        #expect(offers.allSatisfy { $0.shortName.count <= 16 && $0.shortName.count <= $0.name.count })
    }

    @Test func anOfferWithoutAShortNameIsCalledByItsName() throws {
        let json = #"{"id":"x","name":"Visio Plan 2","minimumQuantity":1,"maximumQuantity":5,"termDuration":"P1M","#
            + #""billingCycle":"monthly","unitPrice":15,"isAzure":false}"#
        let offer = try JSONDecoder().decode(Offer.self, from: Data(json.utf8))
        #expect(offer.shortName == "Visio Plan 2")
        let named = try JSONDecoder().decode(Offer.self, from: Data(json.replacingOccurrences(
            of: #""name":"Visio Plan 2","#, with: #""name":"Visio Plan 2","shortName":"Visio 2","#).utf8))
        #expect(named.shortName == "Visio 2" && named.name == "Visio Plan 2")
        #expect(Offer(id: "y", name: "Power BI Pro", minimumQuantity: 1, maximumQuantity: 1, termDuration: .P1M,
                      billingCycle: .monthly, unitPrice: 1, isAzure: false).shortName == "Power BI Pro")
    }

    @Test func everyOperationHasAReadableNameAndAShortOneThatFits() {
        for operation in OperationType.allCases {
            #expect(!operation.displayName.contains("_"), "\(operation)")
            #expect(operation.shortDisplayName.count <= OperationType.shortNameLimit, "\(operation): \(operation.shortDisplayName)")
            #expect(operation.displayName.first?.isUppercase == true)
        }
        #expect(Set(OperationType.allCases.map(\.displayName)).count == OperationType.allCases.count)
        #expect(Set(OperationType.allCases.map(\.shortDisplayName)).count == OperationType.allCases.count)
        #expect(OperationType.add_customer.displayName == "Customer added")
        #expect(OperationType.create_customer_relationship.rawValue == "create_customer_relationship", "the CLI's name")
    }
}
