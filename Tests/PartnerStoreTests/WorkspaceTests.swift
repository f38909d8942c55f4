import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// The facade the CLI and dashboard use, over the real journal and snapshots.
struct WorkspaceTests {
    @Test func demoWorkspaceIsJournaledAndReopens() throws {
        try withTemporaryDirectory { dir in
            let url = URL(fileURLWithPath: dir.file("demo"))
            let world = try TestWorlds.demo()
            let catalog = try TestWorlds.catalog()
            let workspace = try Workspace.create(at: url, catalog: catalog, from: world)
            workspace.now = { TestWorlds.now }
            #expect(workspace.model == world.model)
            #expect(Workspace.exists(at: url))
            #expect(throws: (any Error).self) { try Workspace.create(at: url, catalog: catalog, from: world) }

            let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
            try workspace.execute(.addUser(displayName: "Dana Ruiz", userPrincipalName: "dana", roles: [.salesAgent]), as: .user(ana.id))
            let expected = workspace.model
            #expect(expected.lastSequence == UInt64(world.transactions.count + 1))
            workspace.close()

            let reopened = try Workspace.open(at: url, catalog: catalog)
            #expect(reopened.model == expected)
            #expect(reopened.model.auditLog.last?.operationType == .add_user)
        }
    }

    /// Rule 11: the terms that ended since the last change renew or expire, as changes of
    /// their own recorded for the user, before that user's change is decided.
    @Test func aUsersChangeFirstRecordsTheTermsThatEnded() throws {
        try withTemporaryDirectory { dir in
            let url = URL(fileURLWithPath: dir.file("demo"))
            let world = try TestWorlds.demo()
            let workspace = try Workspace.create(at: url, catalog: try TestWorlds.catalog(), from: world)
            let later = TestWorlds.now.addingTimeInterval(40 * 86_400)
            workspace.now = { later }
            let due = workspace.model.termEnds(dueBy: later, catalog: workspace.catalog)
            #expect(due.count > 1, "the demo has monthly terms")
            let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
            try workspace.execute(.addUser(displayName: "Dana Ruiz", userPrincipalName: "dana", roles: [.salesAgent]), as: .user(ana.id))
            let log = workspace.model.auditLog.suffix(due.count + 1)
            #expect(log.map(\.operationType).last == .add_user)
            #expect(log.dropLast().allSatisfy { [.renew_subscription, .expire_subscription].contains($0.operationType) })
            #expect(log.allSatisfy { $0.userPrincipalName == DemoWorld.providerAdmin })
            #expect(try workspace.model.termEndViolations().isEmpty)
            #expect(workspace.model.termEnds(dueBy: later, catalog: workspace.catalog).isEmpty)
            // Nothing more is due: the next change records only itself.
            let count = workspace.model.auditLog.count
            try workspace.execute(.addUser(displayName: "Eli Park", userPrincipalName: "eli", roles: [.salesAgent]), as: .user(ana.id))
            #expect(workspace.model.auditLog.count == count + 1)
            let expected = workspace.model
            workspace.close()
            #expect(try Workspace.open(at: url, catalog: try TestWorlds.catalog()).model == expected)
        }
    }

    @Test func worldWithoutTransactionsStartsFromASnapshot() throws {
        try withTemporaryDirectory { dir in
            let url = URL(fileURLWithPath: dir.file("gen"))
            let world = try TestWorlds.synthetic(resellers: 3, customers: 50)
            #expect(world.transactions.isEmpty)
            let workspace = try Workspace.create(at: url, catalog: try TestWorlds.catalog(), from: world)
            #expect(workspace.model == world.model)
            workspace.close()
            #expect(try FileSystem.listDirectory(url.path).contains(WorkspaceFileName.snapshot(sequence: world.model.lastSequence)))
            let reopened = try Workspace.open(at: url, catalog: try TestWorlds.catalog())
            #expect(reopened.model == world.model)
            #expect(reopened.fileStore?.recovery.snapshotSequence == world.model.lastSequence)
            #expect(WorkspaceStore.verify(directory: url.path).isHealthy)
        }
    }

    @Test func missingWorkspaceIsAClearError() throws {
        try withTemporaryDirectory { dir in
            let url = URL(fileURLWithPath: dir.file("none"))
            #expect(throws: WorkspaceError.missing(url.path)) { try Workspace.open(at: url, catalog: try TestWorlds.catalog()) }
        }
    }
}
