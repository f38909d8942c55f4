import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// The dashboard keeps the snapshot current between keys without waiting for it, and
/// only the store says whether the workspace is read-only.
@MainActor @Suite struct SnapshotInTheBackgroundTests {
    @Test func aDueCheckpointStartsBetweenKeysAndFinishesOnALaterTick() throws {
        let demo = try DemoWorkspace()
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let store = demo.workspace.fileStore!
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
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: demo.directory.path)
            .filter { $0.hasPrefix("snapshot-") }
        #expect(!snapshots.isEmpty)
        let reopened = WorkspaceStore.verify(directory: demo.directory.path)
        #expect(reopened.isHealthy, "\(reopened.lines)")
    }

    /// The front end hears of each background snapshot once, when it is written (the
    /// CLI's diagnostic log records its duration), and of one that fails.
    @Test func theObserverHearsOfEachBackgroundSnapshot() throws {
        let demo = try DemoWorkspace()
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        var heard: [Result<Duration, any Error>] = []
        session.snapshotObserver = { heard.append($0) }
        let store = demo.workspace.fileStore!
        store.checkpointThresholdBytes = 1
        #expect(session.maintainStore())
        #expect(heard.isEmpty, "started, not written yet")
        store.waitUntilCheckpointWritten()
        #expect(session.maintainStore())
        #expect(session.maintainStore() == false)
        #expect(heard.count == 1)
        if case .success(let duration) = heard.first { #expect(duration > .zero) } else { Issue.record("\(heard)") }
    }

    /// A snapshot that cannot be written loses nothing (every change is in the synced
    /// journal), so it is said in the top bar and changes go on: it never turns the
    /// dashboard read-only.
    @Test func aFailedBackgroundSnapshotIsNotReadOnly() throws {
        let demo = try DemoWorkspace()
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.startScreen())
        let store = demo.workspace.fileStore!
        store.checkpointThresholdBytes = 1
        // A directory where the snapshot's temporary file (named by pid) must go: creating it
        // fails, even for root.
        let sequence = String(format: "%020llu", store.lastSequence)
        let temporary = "snapshot-\(sequence).bin.\(ProcessInfo.processInfo.processIdentifier).tmp"
        try FileManager.default.createDirectory(at: demo.directory.appendingPathComponent(temporary),
                                                withIntermediateDirectories: false)

        #expect(session.maintainStore())
        store.waitUntilCheckpointWritten()
        #expect(session.maintainStore())
        guard case .snapshotFailed(let reason) = session.durability else {
            Issue.record("durability is \(session.durability)")
            return
        }
        #expect(!reason.isEmpty)
        #expect(!store.isReadOnly)
        #expect(app.render().lines()[0].contains("saved · snapshot failed"))
        #expect(!app.render().text.contains("READ-ONLY"))

        try session.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))
        #expect(session.model.users.values.contains { $0.displayName == "Dana Park" }, "changes go on")
    }

    /// Read-only is the store's word: once the store refuses writes, the session says so
    /// and refuses too, without a flag of its own.
    @Test func readOnlyComesFromTheStore() throws {
        let demo = try DemoWorkspace()
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: .minimum), shell: shell, root: shell.startScreen())
        #expect(session.durability == .saved)

        demo.workspace.fileStore!.close()
        #expect(demo.workspace.fileStore!.readOnlyReason == "the workspace was closed")
        #expect(session.durability == .readOnly(reason: "the workspace was closed"))
        #expect(app.render().lines()[0].contains("READ-ONLY: the workspace was closed"))
        let error = #expect(throws: SessionError.self) {
            try session.execute(.addUser(displayName: "Dana Park", userPrincipalName: "dana", roles: [.salesAgent]))
        }
        #expect(error == .readOnly("the workspace was closed"))
        #expect(!session.model.users.values.contains { $0.displayName == "Dana Park" })
    }

    /// Signing in after the terms ended renews them (rule 11); when that makes a snapshot
    /// due, it starts right then, in the background, not at a first idle tick that a
    /// dashboard quit at once never reaches; quitting finishes it, so the next process
    /// replays none of the renewals.
    @Test func renewalsAtSignInStartTheSnapshotAndQuittingFinishesIt() throws {
        let demo = try DemoWorkspace()
        let store = demo.workspace.fileStore!
        store.checkpointThresholdBytes = 1
        try store.checkpoint()
        let later = DemoWorkspace.now.addingTimeInterval(40 * 86_400)
        demo.workspace.now = { later }
        let before = store.lastSequence
        #expect(!demo.workspace.model.termEnds(dueBy: later, catalog: demo.workspace.catalog).isEmpty)

        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        #expect(store.lastSequence > before, "the terms that ended were renewed at sign-in")
        #expect(store.isCheckpointRunning, "the snapshot they made due started with them")
        #expect(session.durability == .saving)

        session.finishBackgroundSnapshot()
        #expect(!store.isCheckpointRunning)
        #expect(session.durability == .saved)
        let reopened = try WorkspaceStore.open(directory: demo.directory.path, catalog: demo.workspace.catalog)
        #expect(reopened.recovery.snapshotSequence == store.lastSequence, "the snapshot covers the renewals")
        #expect(reopened.model == store.model)
    }
}
