#if canImport(Glibc) && arch(x86_64)
import Foundation
import Glibc
import Testing
@testable import PartnerCore
import TestSupport

/// A background snapshot freezes the model by copying it, and the dashboard goes on
/// committing. The first customer added meanwhile must not copy its provider's whole set
/// of customers (issue 11, item 2): what that commit allocates shows it. A plain `Set` of
/// 20,000 ids is copied whole, at least 320,000 bytes of ids; a persistent set copies the
/// few nodes on the new id's path. Allocation is measured, not time, and as the median of
/// several commits, so another test allocating at the same moment cannot decide it.
struct CustomerSetSharingTests {
    static let provider = Ident(high: 1, low: 1)
    static let provided = 20_000

    static func customer(_ n: Int) -> Customer {
        let domain = "c\(n).example"
        return Customer(
            id: Ident(high: 2, low: UInt64(n)), companyProfile: CompanyProfile(domain: domain, companyName: "C \(n)"),
            billingProfile: BillingProfile(
                firstName: "Kim", lastName: "Park", email: "it@\(domain)", phone: "+1 425 555 0101", culture: "en-US",
                language: "en",
                defaultAddress: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US")),
            associatedPartnerId: nil, relationships: [CustomerRelationship(partnerId: provider, since: Date(timeIntervalSince1970: 0))],
            channel: .indirectProvider, createdAt: Date(timeIntervalSince1970: 0), adminUserName: "admin@\(domain)")
    }

    static func heapInUse() throws -> Int { try #require(MallocHeap.bytesInUse()) }

    @Test func addingACustomerDuringASnapshotCopiesNotTheProvidersWholeSet() throws {
        var model = PartnerModel(
            accounts: [], users: [], membershipProfiles: [], listings: [:], changeRequests: [], invitations: [],
            partnerships: [], customers: (0..<Self.provided).map(Self.customer), orders: [], subscriptions: [],
            auditLog: [], lastSequence: 1)
        var allocated: [Int] = []
        for n in 0..<7 {
            let snapshot = model
            let added = Self.customer(Self.provided + n)
            let before = try Self.heapInUse()
            model.apply(.customerCreated(added))
            allocated.append(try Self.heapInUse() - before)
            #expect(snapshot.customersByPartner[Self.provider]?.contains(added.id) == false)
        }
        #expect(model.customersByPartner[Self.provider]?.count == Self.provided + 7)
        let median = allocated.sorted()[allocated.count / 2]
        let wholeSetOfIds = Self.provided * MemoryLayout<CustomerID>.stride
        #expect(median < wholeSetOfIds / 4, "a commit during a snapshot allocated \(allocated) bytes; the provider's ids alone are \(wholeSetOfIds)")
    }
}
#endif
