import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// An open may leave the snapshot's audit log unread (`open(deferring: .auditLog)`, what
/// a command that only shows customers asks for): the rest of the model is exactly what a
/// whole open gives, and every change, snapshot and outbox settlement reads the audit log
/// first, so no decision, snapshot or mail ever works from part of the model.
struct DeferredSectionsTests {
    /// The demo world with a snapshot half-way and the rest in the journal.
    private func workspace(_ dir: TemporaryDirectory, holdingBack last: Int = 0) throws -> WorldBuilder {
        let world = try TestWorlds.demo()
        let store = try WorkspaceStore.create(directory: dir.file("ws"))
        let half = world.transactions.count / 2
        try store.commit(Array(world.transactions.prefix(half)))
        try store.checkpoint()
        try store.commit(Array(world.transactions.dropFirst(half).dropLast(last)))
        store.close()
        return world
    }

    private func journaled(_ world: WorldBuilder, holdingBack last: Int = 0) -> Int {
        world.transactions.count - world.transactions.count / 2 - last
    }

    @Test func aDeferringOpenLeavesTheSnapshotsAuditLogUnreadAndTheRestWhole() throws {
        try withTemporaryDirectory { dir in
            let world = try workspace(dir)
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: .auditLog)
            #expect(store.deferredSections == .auditLog)
            // Only the journal's records: none of the snapshot's audit section was decoded.
            #expect(store.model.auditLog.map(\.sequence) == Array(world.model.auditLog.suffix(journaled(world)).map(\.sequence)))
            #expect(store.model.customers == world.model.customers)
            #expect(store.model.subscriptions == world.model.subscriptions)
            #expect(store.model.orders == world.model.orders)
            #expect(store.model.invitations == world.model.invitations)
            #expect(store.model.customersByPartner == world.model.customersByPartner)
            #expect(store.model.lastSequence == world.model.lastSequence)
            try store.loadDeferred()
            #expect(store.deferredSections.isEmpty)
            #expect(store.model == world.model)
            #expect(store.model.invariantViolations() == [])
            store.close()

            let whole = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(whole.deferredSections.isEmpty)
            #expect(whole.model == world.model)
        }
    }

    @Test func aChangeIsDecidedOnTheWholeModel() throws {
        try withTemporaryDirectory { dir in
            let world = try workspace(dir, holdingBack: 1)
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: .auditLog)
            #expect(store.deferredSections == .auditLog)
            var seen: PartnerModel?
            try store.commit(deciding: { latest in
                seen = latest
                return [world.transactions[world.transactions.count - 1]]
            })
            let decidedOn = try #require(seen)
            #expect(decidedOn.auditLog.count == world.model.auditLog.count - 1, "every record before the change")
            #expect(decidedOn.invariantViolations() == [])
            #expect(store.deferredSections.isEmpty)
            #expect(store.model == world.model)
        }
    }

    @Test func aSnapshotHoldsTheWholeAuditLog() throws {
        try withTemporaryDirectory { dir in
            let world = try workspace(dir)
            let store = try WorkspaceStore.open(directory: dir.file("ws"), deferring: .auditLog)
            #expect(try store.checkpoint().snapshotFile != nil)
            store.close()
            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.recovery.replayedRecords == 0, "opened from the new snapshot alone")
            #expect(reopened.model == world.model)
        }
    }

    /// Whether a staged mail's change was committed is told by the audit record at its
    /// sequence: an open that deferred the audit log reads it before settling the outbox,
    /// or the mail of a change the snapshot holds would be taken for one never committed.
    @Test func stagedMailOfAChangeInTheSnapshotIsPublishedNotRemoved() throws {
        try withTemporaryDirectory { dir in
            let (workspace, ana, northwind) = try OutboxDurabilityTests.demo(dir)
            workspace.outbox.files = FaultyMailFiles(failing: .publish, errno: EIO)
            let draft = try OutboxDurabilityTests.request(northwind, as: ana, in: workspace)
            #expect(workspace.outbox.unpublished(committed: workspace.model).count == 1)
            #expect(try workspace.backend.checkpointNow(onlyIfDue: false), "the change is in the snapshot")
            workspace.close()

            let reopened = try Workspace.open(at: workspace.directory, catalog: try TestWorlds.catalog(), deferring: .auditLog)
            #expect(reopened.openingSettlement?.published.count == 1)
            #expect(reopened.openingSettlement?.removed == 0)
            #expect(try OutboxDurabilityTests.mail(for: draft, in: reopened.outbox) != nil)
        }
    }

    /// With nothing staged, the open keeps the audit log unread.
    @Test func anOpenWithNothingStagedKeepsItDeferred() throws {
        try withTemporaryDirectory { dir in
            let (workspace, _, _) = try OutboxDurabilityTests.demo(dir)
            #expect(try workspace.backend.checkpointNow(onlyIfDue: false))
            workspace.close()
            let reopened = try Workspace.open(at: workspace.directory, catalog: try TestWorlds.catalog(), deferring: .auditLog)
            #expect(reopened.backend.deferredSections == .auditLog)
            #expect(reopened.model.auditLog.isEmpty)
        }
    }
}
