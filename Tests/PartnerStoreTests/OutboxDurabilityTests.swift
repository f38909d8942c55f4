#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing
import TestSupport
@testable import PartnerStore
@testable import PartnerWorkspace

/// A change's mail is part of its commit: staged before the journal append, published
/// after, never lost and never half-written (docs/STORE.md › The outbox).
struct OutboxDurabilityTests {
    /// A demo workspace and Ana, who can request a partnership with Tailspin.
    static func demo(_ dir: TemporaryDirectory) throws -> (Workspace, UserID, AccountID) {
        let workspace = try Workspace.create(at: URL(fileURLWithPath: dir.file("ws")), catalog: try TestWorlds.catalog(),
                                             from: try TestWorlds.demo())
        // The demo's clock: a later one would first renew the terms that ended since.
        workspace.now = { TestWorlds.now }
        let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin)).id
        let northwind = try #require(workspace.model.accounts.values.first { $0.legalName == "Northwind Cloud" }).id
        return (workspace, ana, northwind)
    }

    static func request(_ reseller: AccountID, as ana: UserID, in workspace: Workspace) throws -> InvitationDraft {
        let draft = try workspace.draftInvitation(to: .reseller(reseller), as: .user(ana))
        try workspace.execute(.sendInvitation(draft, body: draft.body), as: .user(ana))
        return draft
    }

    static func files(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    /// The outbox's message holding `draft`'s link, decoded strictly.
    static func mail(for draft: InvitationDraft, in outbox: Outbox) throws -> StrictMail? {
        try outbox.messages().map(StrictMail.parse(contentsOf:)).first { $0.body.contains(draft.link.description) }
    }

    /// A change without mail, left unsynced as a batch leaves its changes (group commit).
    static func changeLeftUnsynced(by ana: UserID, in workspace: Workspace) throws -> WorkspaceStore {
        let store = try #require(workspace.fileStore)
        store.defersSyncs = true
        try workspace.execute(.addUser(displayName: "Cy Lo", userPrincipalName: "cy@contosodistribution.onmicrosoft.com",
                                       roles: [.salesAgent]), as: .user(ana))
        #expect(store.unsyncedChanges != nil, "a change without mail waits for the batch's sync")
        return store
    }

    /// Mail leaves only for a durable change: in a batch, a change with mail is synced (with
    /// every change left unsynced before it) before its mail is published.
    @Test func aBatchsChangeWithMailIsSyncedBeforeItsMailLeaves() throws {
        try withTemporaryDirectory { dir in
            let (workspace, ana, northwind) = try Self.demo(dir)
            let store = try Self.changeLeftUnsynced(by: ana, in: workspace)
            var syncs = 0
            store.beforeSyncForTesting = { syncs += 1 }
            let draft = try Self.request(northwind, as: ana, in: workspace)
            #expect(syncs == 1 && store.unsyncedChanges == nil, "synced before its mail was published")
            #expect(try Self.mail(for: draft, in: workspace.outbox) != nil)
        }
    }

    /// When that sync fails, the change is refused and no mail leaves.
    @Test func aBatchsChangeWhoseSyncFailsSendsNoMail() throws {
        try withTemporaryDirectory { dir in
            let (workspace, ana, northwind) = try Self.demo(dir)
            let store = try Self.changeLeftUnsynced(by: ana, in: workspace)
            store.beforeSyncForTesting = { throw StoreError.io(operation: "fdatasync", path: "journal", errno: EIO) }
            let before = Self.files(in: workspace.outbox.directory)
            #expect(throws: StoreError.self) { try Self.request(northwind, as: ana, in: workspace) }
            #expect(Self.files(in: workspace.outbox.directory) == before, "no mail for a change that may be lost")
            #expect(workspace.backend.readOnlyReason != nil)
        }
    }

    @Test(arguments: [ENOSPC, EIO])
    func aMailThatCannotBeStagedSavesNothingAndATryLaterWorks(_ code: Int32) throws {
        try withTemporaryDirectory { dir in
            let (workspace, ana, northwind) = try Self.demo(dir)
            let before = (workspace.model.lastSequence, Self.files(in: workspace.outbox.directory))
            workspace.outbox.files = FaultyMailFiles(failing: .stage, errno: code)
            #expect(throws: MailNotStaged.self) { try Self.request(northwind, as: ana, in: workspace) }
            #expect(workspace.model.lastSequence == before.0, "nothing was committed")
            #expect(Self.files(in: workspace.outbox.directory) == before.1, "no file in the outbox")
            #expect(Self.files(in: workspace.outbox.stagingDirectory).isEmpty, "the torn staged file is gone")
            #expect(workspace.backend.readOnlyReason == nil, "the journal was never touched")

            workspace.outbox.files = SystemMailFiles()
            let draft = try Self.request(northwind, as: ana, in: workspace)
            #expect(try Self.mail(for: draft, in: workspace.outbox) != nil, "trying again is not 'already pending'")
        }
    }

    @Test(arguments: [ENOSPC, EIO])
    func aMailThatCannotBePublishedKeepsTheChangeAndTheNextOpenWritesIt(_ code: Int32) throws {
        try withTemporaryDirectory { dir in
            let (workspace, ana, northwind) = try Self.demo(dir)
            let before = Self.files(in: workspace.outbox.directory)
            workspace.outbox.files = FaultyMailFiles(failing: .publish, errno: code)
            let draft = try Self.request(northwind, as: ana, in: workspace)
            let failure = try #require(workspace.lastMailFailure)
            #expect(failure.description.contains("the change is saved") && failure.description.contains("(\(SystemError.message(code)))"))
            #expect(workspace.lastDelivered.isEmpty)
            let invitation = try #require(workspace.model.invitations[draft.id], "the invitation is committed")
            #expect(Self.files(in: workspace.outbox.directory) == before, "nothing partial under a final name")
            #expect(workspace.outbox.unpublished(committed: workspace.model).count == 1)
            workspace.close()

            let reopened = try Workspace.open(at: workspace.directory, catalog: try TestWorlds.catalog())
            #expect(reopened.openingSettlement?.published.count == 1)
            let mail = try #require(try Self.mail(for: draft, in: reopened.outbox), "the open wrote the invitation email")
            #expect(mail.header("To") == draft.to)
            #expect(Secrets.hash(draft.token) == invitation.tokenHash)
            #expect(Self.files(in: reopened.outbox.stagingDirectory).isEmpty)
        }
    }

    @Test func stagedMailOfAChangeThatNeverCommittedIsRemovedNeverPublished() throws {
        try withTemporaryDirectory { dir in
            let (workspace, ana, northwind) = try Self.demo(dir)
            let last = workspace.model.lastSequence
            let ghost = OutgoingMail(to: "ghost@example.com", subject: "never committed", body: "ghost")
            // A dead writer's message for the next sequence, and one whose sequence another change took.
            _ = try workspace.outbox.stage([ghost], for: MailRecordKey(sequence: last + 1, fingerprint: "00000000000000aa"), at: Date())
            _ = try workspace.outbox.stage([ghost], for: MailRecordKey(sequence: last, fingerprint: "00000000000000bb"), at: Date())
            workspace.close()

            // An open cannot tell a dead writer from one about to append: it leaves the first.
            let reopened = try Workspace.open(at: workspace.directory, catalog: try TestWorlds.catalog())
            #expect(reopened.openingSettlement?.removed == 1)
            #expect(Self.files(in: reopened.outbox.stagingDirectory).count == 1)
            // Under the write lock nobody else is between staging and appending: it goes too.
            let draft = try Self.request(northwind, as: ana, in: reopened)
            #expect(Self.files(in: reopened.outbox.stagingDirectory).isEmpty)
            let bodies = try reopened.outbox.messages().map { try StrictMail.parse(contentsOf: $0).body }
            #expect(!bodies.contains { $0.contains("ghost") })
            #expect(bodies.last?.contains(draft.link.description) == true)
        }
    }
}
