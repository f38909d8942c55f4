import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11, item 3: what entities repeat is held once after decoding. A String of more
/// than 15 UTF-8 bytes, and every non-empty array, is an allocation of its own; decoding
/// gives equal ones the storage of the first, so two audit records about the same
/// partners point at the same bytes (a customer's texts are
/// packed into one record of its own instead: `CustomerRecord`). Sharing storage must
/// change nothing else: the model compares equal and encodes to the same bytes.
struct InterningTests {
    static let provider = Ident(high: 1, low: 1)
    static let reseller = Ident(high: 1, low: 2)
    static let day = Date(timeIntervalSinceReferenceDate: 800_000_000.25)

    static func customer(_ n: UInt64) -> Customer {
        Customer(
            id: Ident(high: 2, low: n),
            companyProfile: CompanyProfile(domain: "customer\(n).onmicrosoft.com", companyName: "Northwind Traders International"),
            billingProfile: BillingProfile(
                firstName: "Maximilian-Alexander", lastName: "Featherstonehaugh-Smythe", email: "it@customer\(n).example",
                phone: "+1 425 555 0101", culture: "en-US", language: "en",
                defaultAddress: PostalAddress(line1: "1 Microsoft Way, Building 92", city: "Llanfairpwllgwyngyll",
                                              state: "Washington State", postalCode: "98052", country: "US")),
            associatedPartnerId: reseller,
            relationships: [CustomerRelationship(partnerId: provider, since: day), CustomerRelationship(partnerId: reseller, since: day)],
            channel: .indirectProvider, createdAt: day, adminUserName: "admin@customer\(n).onmicrosoft.com")
    }

    static func record(_ sequence: UInt64, customer: Customer) -> AuditRecord {
        AuditRecord(
            sequence: sequence, operationDate: day, userPrincipalName: "ana@contosodistribution.onmicrosoft.com",
            accountId: provider, operationType: .renew_subscription,
            resourceName: "\(customer.name) · Microsoft 365 Business Premium", customerId: customer.id,
            oldValue: "commitmentEndDate: \(sequence)", newValue: "commitmentEndDate: \(sequence + 1)",
            involvedAccounts: [provider, reseller])
    }

    static func model() -> PartnerModel {
        let customers = (1...3).map(customer)
        return PartnerModel(
            accounts: [], users: [], membershipProfiles: [], listings: [:], changeRequests: [], invitations: [],
            partnerships: [], customers: customers, orders: [], subscriptions: [],
            auditLog: (1...3).map { record(UInt64($0), customer: customers[$0 - 1]) }, lastSequence: 3)
    }

    static func sameStorage(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.baseAddress == y.baseAddress } }
    }

    static func sameBuffer<T>(_ a: [T], _ b: [T]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }

    static func decodedCustomers() throws -> (Customer, Customer) {
        let decoded = try ModelCodec.decodeModel(ModelCodec.encode(model()))
        return (try #require(decoded.customers[Ident(high: 2, low: 1)]), try #require(decoded.customers[Ident(high: 2, low: 3)]))
    }

    /// A customer's names and places are no longer shared string by string: its texts are
    /// packed into one record of its own (`CustomerRecord`), which costs less than the
    /// shared strings' 16-byte references did. They decode as they were written.
    @Test func decodedCustomersHoldTheirTextsAsWritten() throws {
        let (a, b) = try Self.decodedCustomers()
        #expect(a == Self.customer(1) && b == Self.customer(3))
        #expect(a.billingProfile.defaultAddress == b.billingProfile.defaultAddress)
        #expect(a.companyProfile.domain == "customer1.onmicrosoft.com")
    }

    @Test func auditRecordsShareTheirPartnersAndTheirResource() throws {
        var model = Self.model()
        let one = Self.customer(1)
        model = PartnerModel(
            accounts: [], users: [], membershipProfiles: [], listings: [:], changeRequests: [], invitations: [],
            partnerships: [], customers: [one], orders: [], subscriptions: [],
            auditLog: [Self.record(1, customer: one), Self.record(2, customer: one)], lastSequence: 2)
        let log = Array(try ModelCodec.decodeModel(ModelCodec.encode(model)).auditLog)
        #expect(log.count == 2)
        #expect(Self.sameBuffer(log[0].involvedAccounts, log[1].involvedAccounts))
        #expect(Self.sameStorage(log[0].resourceName, log[1].resourceName))
        #expect(log[0].oldValue != log[1].oldValue)
    }

    static func bytes<T>(_ value: T, _ write: (T, inout BinaryWriter) -> Void) -> [UInt8] {
        var writer = BinaryWriter()
        write(value, &writer)
        return writer.bytes
    }

    /// Entity by entity, since a whole model's bytes follow its dictionaries' order, which
    /// depends on the order they were filled in: every shared entity writes the bytes its
    /// original writes, and the model compares equal and has the same digest.
    @Test func aSharedModelComparesEqualAndEncodesToTheSameBytes() throws {
        for model in [Self.model(), try TestWorlds.synthetic(resellers: 5, customers: 300).model] {
            let decoded = try ModelCodec.decodeModel(ModelCodec.encode(model))
            #expect(decoded == model)
            #expect(try ModelDigest.hex(decoded) == ModelDigest.hex(model))
            var differing: [String] = []
            for (id, c) in decoded.customers where Self.bytes(c, ModelCodec.write) != Self.bytes(model.customers[id]!, ModelCodec.write) {
                differing.append("customer \(id)")
            }
            for (id, s) in decoded.subscriptions
            where Self.bytes(s, ModelCodec.write) != Self.bytes(model.subscriptions[id]!, ModelCodec.write) {
                differing.append("subscription \(id)")
            }
            for (id, o) in decoded.orders where Self.bytes(o, ModelCodec.write) != Self.bytes(model.orders[id]!, ModelCodec.write) {
                differing.append("order \(id)")
            }
            for (a, b) in zip(decoded.auditLog, model.auditLog) where Self.bytes(a, ModelCodec.write) != Self.bytes(b, ModelCodec.write) {
                differing.append("audit record \(a.sequence)")
            }
            #expect(differing.isEmpty, "\(differing.prefix(5))")
            #expect(decoded.auditLog.count == model.auditLog.count && !model.customers.isEmpty)
        }
    }
}

/// `readSharedIdents` compares each list with the one read before it as it reads and makes
/// an array only when they differ: lists that are longer, shorter or a prefix of the last
/// must come back as written.
struct SharedIdentListTests {
    @Test func partnerListsComeBackAsWrittenWhateverTheOneBefore() throws {
        let pool = (1...3).map { Ident(high: 1, low: UInt64($0)) }
        let one = InterningTests.customer(1)
        var random = SeededFreshValues(seed: 7)
        let records = (1...200).map { sequence in
            var record = InterningTests.record(UInt64(sequence), customer: one)
            record.involvedAccounts = (0..<Int(random.next() % 4)).map { _ in pool[Int(random.next() % 3)] }
            return record
        }
        let model = PartnerModel(
            accounts: [], users: [], membershipProfiles: [], listings: [:], changeRequests: [], invitations: [],
            partnerships: [], customers: [one], orders: [], subscriptions: [], auditLog: records, lastSequence: 200)
        let decoded = Array(try ModelCodec.decodeModel(ModelCodec.encode(model)).auditLog)
        #expect(decoded.map(\.involvedAccounts) == records.map(\.involvedAccounts))
    }
}
