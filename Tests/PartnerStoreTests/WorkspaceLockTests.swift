#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing
import TestSupport
@testable import PartnerStore
@testable import PartnerWorkspace

/// The locks on the workspace directory: any number of opens, writes one at a time,
/// replacement refused while open, and no file whose deletion could let a second writer in.
struct WorkspaceLockTests {
    @Test func twoOpensInOneProcessBothWriteAndSeeEachOther() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let first = try WorkspaceStore.create(directory: dir.file("ws"))
            let second = try WorkspaceStore.open(directory: dir.file("ws"))
            try first.commit(world.transactions[0])
            // The second was opened before that append: committing what it decided then is a conflict, never an overwrite.
            let error = #expect(throws: StoreError.self) { try second.commit(world.transactions[0]) }
            #expect(error == .conflict(expected: 0, actual: 1))
            // …and the conflict caught it up.
            #expect(second.lastSequence == 1)
            try second.commit(deciding: { model in
                #expect(model.lastSequence == 1)
                return [world.transactions[1]]
            })
            #expect(try first.refresh())
            #expect(first.lastSequence == 2)
            #expect(first.model.accounts == second.model.accounts)
            #expect(try !first.refresh())
        }
    }

    @Test func anOpenWorkspaceIsNotReplacedAndALockCreatesNoFile() throws {
        try withTemporaryDirectory { dir in
            let store = try WorkspaceStore.create(directory: dir.file("ws"))
            let names = try FileSystem.listDirectory(dir.file("ws"))
            let error = #expect(throws: StoreError.self) { try WorkspaceLock.lockForReplacing(directory: dir.file("ws")) }
            #expect(error?.description.contains("is open in another partnerdash process") == true)
            // Marking a directory open writes nothing into it.
            let other = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(try FileSystem.listDirectory(dir.file("ws")) == names)
            store.close()
            #expect(throws: StoreError.self) { try WorkspaceLock.lockForReplacing(directory: dir.file("ws")) }
            other.close()
            try WorkspaceLock.lockForReplacing(directory: dir.file("ws")).release()
        }
    }

    @Test func anotherProcessKeepsItOpenUntilItDies() throws {
        let writer = try CrashTests.writerPath()
        try withTemporaryDirectory { dir in
            let workspace = dir.file("ws")
            let child = try ChildProcess.spawn(writer, [workspace])
            let opened = child.read(until: ContinuousClock.now + .seconds(20)) { $0.contains { $0.hasPrefix("open ") } }
            #expect(opened, "writer printed \(child.lines.suffix(3))")
            // Reading (and writing) beside it works; replacing it does not.
            let reader = try WorkspaceStore.open(directory: workspace)
            #expect(throws: StoreError.self) { try WorkspaceLock.lockForReplacing(directory: workspace) }
            reader.close()
            child.kill()
            child.wait()
            // The kernel dropped the dead writer's mark.
            try WorkspaceLock.lockForReplacing(directory: workspace).release()
            _ = try WorkspaceStore.open(directory: workspace)
        }
    }

    /// The reproduction from issue 8: a dashboard open, LOCK deleted, `customers add` from
    /// the command line, then a change in the dashboard. Before, the dashboard's append
    /// went to its stale file offset and every later open failed ("record has sequence 97
    /// where 98 was expected"). Now nothing a file's deletion can do lets two writers in:
    /// both changes are saved, in order, and the workspace opens and checks clean.
    @Test func deletingAnyFileOfAnOpenWorkspaceNeverLetsTwoWritersIn() throws {
        let binary = try Spawn.partnerdashBinary()
        try withTemporaryDirectory { dir in
            let workspace = dir.file("ws")
            let url = URL(fileURLWithPath: workspace)
            let catalog = try ConcurrentWritersTests.catalog()
            let world = try DemoWorld.build(names: ConcurrentWritersTests.names(), catalog: catalog, now: Date(),
                                            fresh: SeededFreshValues(seed: 3))
            _ = try Workspace.create(at: url, catalog: catalog, from: world)
            // The dashboard: open, with a checkpoint taken (so there is a snapshot and snapshot.lock to delete too).
            let dashboard = try Workspace.open(at: url, catalog: catalog)
            try dashboard.fileStore!.checkpoint()
            try Data().write(to: url.appendingPathComponent("LOCK"))  // what older versions locked
            let ana = try #require(dashboard.model.user(principal: DemoWorld.providerAdmin))
            let pending = try #require(dashboard.model.invitations.values.first {
                $0.status == .pending && $0.fromAccountId == ana.accountId
            })

            // rm every file that is not journal or snapshot data.
            for name in try FileSystem.listDirectory(workspace)
            where WorkspaceFileName.journalSequence(name) == nil && WorkspaceFileName.snapshotSequence(name) == nil {
                try? FileManager.default.removeItem(atPath: FileSystem.join(workspace, name))
            }
            let environment = ["PARTNERDASH_DATA": workspace, "PATH": "/usr/bin:/bin", "HOME": dir.path, "LANG": "C.UTF-8",
                               "TERM": "dumb"]
            let add = try Spawn.output(binary.path, [
                "customers", "add", "--as", DemoWorld.providerAdmin, "--company", "Lock Test", "--domain-prefix", "locktest",
                "--first-name", "Lee", "--last-name", "Ock", "--email", "lee@locktest.example", "--phone", "+1 555 0100",
                "--line1", "1 Main Street", "--city", "Springfield", "--state", "IL", "--postal-code", "62701",
                "--country", "US", "--offer", "\(Self.someOffer(catalog)):1",
            ], environment: environment)
            #expect(add.status == 0, "\(add.output)")

            // The dashboard's model is stale; its change is decided on the fresh one and appended after.
            try dashboard.execute(.withdrawInvitation(pending.id), as: .user(ana.id))
            #expect(dashboard.model.customers.values.contains { $0.companyProfile.domain == "locktest.onmicrosoft.com" })
            let last = dashboard.model.lastSequence

            let reopened = try WorkspaceStore.open(directory: workspace)
            #expect(reopened.lastSequence == last)
            #expect(reopened.model.invitations[pending.id]?.status == .withdrawn)
            #expect(try ModelDigest.hex(reopened.model) == ModelDigest.hex(dashboard.model))
            let check = try Spawn.output(binary.path, ["check"], environment: environment)
            #expect(check.status == 0, "\(check.output)")
            #expect(try check.output.contains("Model digest: \(ModelDigest.hex(reopened.model))"), "\(check.output)")
        }
    }

    @Test func demoForceRefusesAnOpenWorkspace() throws {
        let binary = try Spawn.partnerdashBinary()
        try withTemporaryDirectory { dir in
            let workspace = dir.file("ws")
            let environment = ["PARTNERDASH_DATA": workspace, "PATH": "/usr/bin:/bin", "HOME": dir.path, "LANG": "C.UTF-8",
                               "TERM": "dumb"]
            #expect(try Spawn.run(binary.path, ["demo"], environment: environment) == 0)
            let before = try FileSystem.listDirectory(workspace)
            let open = try WorkspaceStore.open(directory: workspace)
            let errors = dir.file("stderr")
            let status = try Spawn.run(binary.path, ["demo", "--force"], environment: environment, stderr: .file(errors))
            #expect(status == 3)
            let message = String(decoding: try Data(contentsOf: URL(fileURLWithPath: errors)), as: UTF8.self)
            #expect(message.contains("is open in another partnerdash process"), "\(message)")
            // Nothing was replaced, and the open store still writes into the workspace on disk.
            #expect(try FileSystem.listDirectory(workspace) == before)
            try open.commit(deciding: { _ in [] })
            open.close()
            #expect(try Spawn.run(binary.path, ["demo", "--force"], environment: environment) == 0)
        }
    }

    /// Reads never wait for a writer: with the write lock held (as during another process's
    /// append), opening, reading and refreshing all complete; only a write waits. A read
    /// that waited would hang: the limit ends the run then. It is a guard, not a speed
    /// goal, so it leaves room for a loaded machine (a minute was passed at load 17).
    @Test(.timeLimit(.minutes(5)))
    func readsNeverWaitForTheWriteLock() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let writer = try WorkspaceStore.create(directory: dir.file("ws"))
            try writer.commit(Array(world.transactions[0..<3]))
            let other = try WorkspaceStore.open(directory: dir.file("ws"))
            try writer.commit(world.transactions[3])
            let held = try WorkspaceLock.handle(directory: dir.file("ws"))
            try held.lockForWriting()
            defer { held.release() }
            let reader = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reader.lastSequence == 4)
            #expect(try other.refresh())
            #expect(other.lastSequence == 4)
            #expect(WorkspaceStore.verify(directory: dir.file("ws")).isHealthy)
        }
    }

    /// A dead writer's torn append, found by another process: reading without the write
    /// lock stops before it (it could be an append in progress); the next write, holding
    /// the lock, keeps the bytes under damaged/ and cuts them off before appending.
    @Test func aTornTailIsCutOnlyUnderTheWriteLockAndKeptUnderDamaged() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let writer = try WorkspaceStore.create(directory: dir.file("ws"))
            try writer.commit(Array(world.transactions[0..<10]))
            let reader = try WorkspaceStore.open(directory: dir.file("ws"))
            let segment = "ws/" + WorkspaceFileName.journal(firstSequence: 1)
            let good = try dir.bytes(segment)
            // Half of the next record, as a writer killed inside its write leaves it.
            var frames = BinaryWriter(capacity: 1024)
            let entry = ModelCodec.encode(world.transactions[10])
            RecordFrame.encode(type: entry.type, sequence: 11, payload: entry.payload, into: &frames)
            let torn = Array(frames.finish().prefix(30))
            try dir.write(good + torn, to: segment)

            #expect(try !reader.refresh())
            #expect(try dir.bytes(segment) == good + torn)  // refresh cut nothing
            try reader.commit(deciding: { _ in [world.transactions[10]] })
            #expect(reader.lastSequence == 11)
            let kept = try FileSystem.listDirectory(dir.file("ws/damaged"))
            #expect(kept == ["journal-00000000000000000001.log.at-\(good.count).torn"])
            #expect(try dir.bytes("ws/damaged/" + kept[0]) == torn)
            #expect(try FileSystem.mode(dir.file("ws/damaged/" + kept[0])) == 0o600)
            #expect(try FileSystem.mode(dir.file("ws/damaged")) == 0o700)
            #expect(try writer.refresh())
            #expect(writer.lastSequence == 11)
            let reopened = try WorkspaceStore.open(directory: dir.file("ws"))
            #expect(reopened.lastSequence == 11)
            #expect(try ModelDigest.hex(reopened.model) == ModelDigest.hex(writer.model))
        }
    }

    /// A process that stays idle while others checkpoint twice finds the segment it would
    /// read next deleted, and reloads from the newest snapshot instead of failing.
    @Test func aReaderBehindDeletedSegmentsReloadsFromTheNewestSnapshot() throws {
        try withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let writer = try WorkspaceStore.create(directory: dir.file("ws"))
            try writer.commit(Array(world.transactions[0..<5]))
            let idle = try WorkspaceStore.open(directory: dir.file("ws"))
            var next = 5
            for _ in 0..<3 {
                try writer.commit(Array(world.transactions[next..<(next + 5)]))
                next += 5
                #expect(try writer.checkpoint().snapshotFile != nil)
            }
            // The segment holding sequences 1… is gone: what the idle one would read next.
            #expect(!FileSystem.exists(dir.file("ws/" + WorkspaceFileName.journal(firstSequence: 1))))
            #expect(try idle.refresh())
            #expect(idle.lastSequence == writer.lastSequence)
            #expect(try ModelDigest.hex(idle.model) == ModelDigest.hex(writer.model))
            // And it writes on from there.
            try idle.commit(deciding: { _ in [world.transactions[next]] })
            #expect(try writer.refresh())
            #expect(try ModelDigest.hex(idle.model) == ModelDigest.hex(writer.model))
        }
    }

    static func someOffer(_ catalog: OfferCatalog) -> String {
        (catalog.offers.first { !$0.isAzure && $0.minimumQuantity <= 1 } ?? catalog.offers[0]).id
    }
}
