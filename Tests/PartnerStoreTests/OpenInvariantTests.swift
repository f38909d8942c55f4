import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// Issue 9 (6): opening checks what `partnerdash check` checks.
struct OpenInvariantTests {
    /// The demo world with two customers on one tenant domain: files that are sound, a model that is not.
    private func brokenModel() throws -> PartnerModel {
        let m = try TestWorlds.demo().model
        var customers = Array(m.customers.values)
        customers[1].companyProfile.domain = customers[0].companyProfile.domain
        return PartnerModel(
            accounts: Array(m.accounts.values), users: Array(m.users.values), membershipProfiles: Array(m.membershipProfiles.values),
            listings: m.listings, changeRequests: Array(m.changeRequests.values), invitations: Array(m.invitations.values),
            partnerships: Array(m.partnerships.values), customers: customers, orders: Array(m.orders.values),
            subscriptions: Array(m.subscriptions.values), auditLog: m.auditLog, lastSequence: m.lastSequence)
    }

    @Test func aWorkspaceThatBreaksAnInvariantIsRefusedByEveryOpen() throws {
        try withTemporaryDirectory { dir in
            let ws = dir.path
            let broken = try brokenModel()
            let violations = broken.invariantViolations()
            #expect(!violations.isEmpty)
            // Writing it works (a snapshot and an empty journal); opening it does not.
            #expect(throws: StoreError.brokenInvariants(directory: ws, broken: violations)) {
                try WorkspaceStore.create(directory: ws, startingFrom: broken)
            }
            let before = try dir.contents()
            let error = #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: ws, catalog: try TestWorlds.catalog()) }
            #expect("\(String(describing: error))".contains("partnerdash check"))
            #expect("\(String(describing: error))".contains(violations[0]))
            // The two-step open shows the small collections, then refuses the whole model and every change.
            let store = try WorkspaceStore.beginOpen(directory: ws)
            #expect(throws: StoreError.self) { try store.finishLoading() }
            #expect(throws: StoreError.self) { try store.commit([]) }
            #expect(try dir.contents() == before)
            // check reads the same model and names the same rules.
            let report = WorkspaceStore.verify(directory: ws)
            #expect(report.model?.invariantViolations() == violations)
        }
    }

    @Test func aSoundWorkspaceOpensAndTimesItsInvariantCheck() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            _ = try WorkspaceStore.create(directory: dir.file("ws"), startingFrom: world.model)
            let store = try WorkspaceStore.open(directory: dir.file("ws"), catalog: try TestWorlds.catalog())
            #expect(store.model == world.model)
            #expect(store.openTimings.invariants > .zero)
        }
    }
}
