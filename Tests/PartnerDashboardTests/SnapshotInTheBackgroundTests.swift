import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// The dashboard keeps the snapshot current between keys without waiting for it.
@MainActor @Suite struct SnapshotInTheBackgroundTests {
    @Test func aDueCheckpointStartsBetweenKeysAndFinishesOnALaterTick() throws {
        let demo = try DemoWorkspace()
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let store = session.workspace.store
        store.checkpointThresholdBytes = 1
        #expect(store.isCheckpointDue)

        #expect(session.maintainStore())
        #expect(session.durability == .saving, "the top bar says a snapshot is being written")
        // Changes go on while the snapshot is written.
        try session.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))

        #expect(session.durability == .saving, "a commit does not wait for the snapshot")
        store.waitUntilCheckpointWritten()
        #expect(session.maintainStore(), "the next idle tick finishes it")
        #expect(session.durability == .saved)
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: session.workspace.directory.path)
            .filter { $0.hasPrefix("snapshot-") }
        #expect(!snapshots.isEmpty)
        let reopened = WorkspaceStore.verify(directory: session.workspace.directory.path)
        #expect(reopened.isHealthy, "\(reopened.lines)")
    }
}
