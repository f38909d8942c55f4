import Foundation
import Testing
@testable import PartnerCore

/// Issue 11, item 3: a subscription is the model's most numerous entity (three or more a
/// customer), held inline in its table's chunks. Its support contact and its scheduled
/// change are rarely set; they are held apart, so a subscription without them does not
/// carry their 80 bytes, and its small fields are laid out without padding. Holding
/// them apart must not show: they read, change, compare and encode as plain fields.
struct SubscriptionStorageTests {
    static let contact = SupportContact(supportTenantId: Ident(high: 9, low: 9), supportMpnId: "5555555", name: "Fabrikam Support Partners")

    static func subscription() -> Subscription {
        Subscription(
            id: Ident(high: 3, low: 1), customerId: Ident(high: 2, low: 1), offerId: "CFQ7TTC0LH18:0001",
            friendlyName: "Microsoft 365 Business Basic", quantity: 5, status: .active, partnerId: "1234567",
            supportContact: nil, creationDate: Date(timeIntervalSinceReferenceDate: 800_000_000),
            commitmentEndDate: Date(timeIntervalSinceReferenceDate: 831_536_000), autoRenewEnabled: true,
            orderId: Ident(high: 4, low: 1))
    }

    @Test func aSubscriptionHoldsItsCommonFieldsUnpaddedAndOneReferenceForTheRareOnes() {
        // Three ids, three dates, one reference, the offer-and-name pair's, the partner's and
        // the quantity's four bytes each, and the status and auto-renew bytes: 94 bytes, 96
        // with alignment (PackedSubscriptionTests has what that saves).
        let fields = 3 * MemoryLayout<Ident>.size + 3 * MemoryLayout<Date>.size + MemoryLayout<AnyObject?>.size
            + 3 * MemoryLayout<UInt32>.size + 2
        let aligned = (fields + MemoryLayout<Subscription>.alignment - 1) / MemoryLayout<Subscription>.alignment
            * MemoryLayout<Subscription>.alignment
        #expect(MemoryLayout<Subscription>.stride == aligned)
    }

    @Test func theRareFieldsChangeIndependentlyAndCopiesDoNotShareChanges() {
        let plain = Self.subscription()
        var changed = plain
        changed.supportContact = Self.contact
        changed.scheduledNextTerm = NextTermInstructions(quantity: 9)
        #expect(plain.supportContact == nil && plain.scheduledNextTerm == nil)
        #expect(changed.supportContact == Self.contact)
        #expect(changed.scheduledNextTerm == NextTermInstructions(quantity: 9))
        var copy = changed
        copy.scheduledNextTerm?.offerId = "CFQ7TTC0LDPB:0001"
        #expect(changed.scheduledNextTerm == NextTermInstructions(quantity: 9))
        #expect(copy.scheduledNextTerm == NextTermInstructions(offerId: "CFQ7TTC0LDPB:0001", quantity: 9))
        #expect(copy.supportContact == Self.contact)
        #expect(copy != changed)
        copy.supportContact = nil
        copy.scheduledNextTerm = nil
        #expect(copy == plain)
    }

    @Test func itEncodesTheSameKeysAsTheFieldsDid() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var full = Self.subscription()
        full.supportContact = Self.contact
        full.scheduledNextTerm = NextTermInstructions(offerId: "CFQ7TTC0LDPB:0001")
        for subscription in [Self.subscription(), full] {
            let json = try encoder.encode(subscription)
            #expect(try JSONDecoder().decode(Subscription.self, from: json) == subscription)
            let keys = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any]).keys
            let optional: Set<String> = subscription.supportContact == nil ? [] : ["supportContact", "scheduledNextTermInstructions"]
            #expect(Set(keys) == Set(["id", "customerId", "offerId", "friendlyName", "quantity", "status", "partnerId", "creationDate",
                                      "effectiveStartDate", "commitmentEndDate", "autoRenewEnabled", "orderId"]).union(optional))
        }
    }

    /// The index of each customer's subscriptions, as a snapshot's reader fills it: each
    /// customer's consecutive subscriptions are held as a run of slots (a start and a
    /// count), not a list, whatever the longest run before it.
    @Test func eachCustomersSubscriptionsAreReadAsARunOfSlots() {
        var table = PartnerModel.SubscriptionTable(capacity: 7, customers: 2)
        let many = Ident(high: 2, low: 1), one = Ident(high: 2, low: 2)
        for n in 0..<6 {
            var s = Self.subscription()
            s.id = Ident(high: 3, low: UInt64(10 + n))
            s.customerId = many
            table.insert(s)
        }
        var single = Self.subscription()
        single.id = Ident(high: 3, low: 99)
        single.customerId = one
        table.insert(single)
        table.finish()
        guard case .run(0, 6)? = table.byCustomer[many], case .run(6, 1)? = table.byCustomer[one] else {
            Issue.record("not runs: \(String(describing: table.byCustomer[many])), \(String(describing: table.byCustomer[one]))")
            return
        }
        #expect(table.byId.value(atSlot: 6).id == single.id)
    }
}
