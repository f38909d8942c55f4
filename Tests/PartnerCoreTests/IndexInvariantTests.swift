import Testing
@testable import PartnerCore

/// The index checks that opening runs at 200,000 customers compare counts and membership
/// instead of building the indexes again: each way an index can go wrong is still named.
struct IndexInvariantTests {
    func expectNamed(_ phrase: String, sourceLocation: SourceLocation = #_sourceLocation,
                     _ corrupt: (inout PartnerModel) throws -> Void) throws {
        var model = try AssemblyTests.world()
        #expect(model.invariantViolations().isEmpty, sourceLocation: sourceLocation)
        try corrupt(&model)
        #expect(model.invariantViolations().contains { $0.contains(phrase) }, "\(model.invariantViolations())",
                sourceLocation: sourceLocation)
    }

    @Test func aSubscriptionMissingMovedOrListedTwiceIsNamed() throws {
        let phrase = "subscriptionsByCustomer differs"
        try expectNamed(phrase) { model in
            let (customer, slots) = try #require(model.subscriptionSlotsByCustomer.first { !$0.value.isEmpty })
            model.subscriptionSlotsByCustomer[customer] = SubscriptionSlots(Array(slots.dropFirst()))
        }
        try expectNamed(phrase) { model in
            let (customer, slots) = try #require(model.subscriptionSlotsByCustomer.first { !$0.value.isEmpty })
            model.subscriptionSlotsByCustomer[customer] = SubscriptionSlots(Array(slots) + [slots[0]])
        }
        try expectNamed(phrase) { model in
            let (customer, slots) = try #require(model.subscriptionSlotsByCustomer.first { !$0.value.isEmpty })
            let other = try #require(model.customers.keys.first { $0 != customer })
            model.subscriptionSlotsByCustomer[customer] = SubscriptionSlots(Array(slots.dropFirst()))
            model.subscriptionSlotsByCustomer[other] = SubscriptionSlots(Array(model.subscriptionSlotsByCustomer[other] ?? .listed([])) + [slots[0]])
        }
    }

    @Test func aCustomerMissingFromItsPartnerOrUnderAnotherIsNamed() throws {
        let phrase = "customersByPartner differs"
        try expectNamed(phrase) { model in
            let (partner, customers) = try #require(model.customersByPartner.first { !$0.value.isEmpty })
            model.customersByPartner[partner] = customers.subtracting([try #require(customers.first)])
        }
        try expectNamed(phrase) { model in
            // A partner that is not every customer's (a provider may be), so there is one to add.
            let (partner, customers) = try #require(model.customersByPartner.first {
                !$0.value.isEmpty && $0.value.count < model.customers.count
            })
            let stray = try #require(model.customers.keys.first { !customers.contains($0) })
            model.customersByPartner[partner] = customers.union([stray])
        }
    }

    /// A domain in use that the taken domains lost, a customer's or an account's.
    @Test func aDomainInUseThatIsNotTakenIsNamed() throws {
        let phrase = "takenDomains misses a domain in use"
        try expectNamed(phrase) { model in
            model.domains = TakenDomains()
            for (slot, customer) in model.customers.values.enumerated().dropFirst() {
                model.domains.insert(customer, at: UInt32(slot), replacing: nil)
            }
            for account in model.accounts.values { model.domains.insert(account.tenantDomain.lowercased()) }
        }
        try expectNamed(phrase) { model in
            model.domains = TakenDomains()
            for (slot, customer) in model.customers.values.enumerated() { model.domains.insert(customer, at: UInt32(slot), replacing: nil) }
        }
    }
}
