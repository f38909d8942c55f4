#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

struct WorkspaceLockTests {
    @Test func secondLockInTheSameProcessIsRefused() throws {
        try withTemporaryDirectory { dir in
            let first = try WorkspaceLock.acquire(directory: dir.path)
            // flock belongs to the open file description, so a second open in this process competes like another process would.
            let error = #expect(throws: StoreError.self) { try WorkspaceLock.acquire(directory: dir.path) }
            #expect(error == .locked("\(dir.path) is already open in this process"))
            first.release()
            let again = try WorkspaceLock.acquire(directory: dir.path)
            again.release()
        }
    }

    @Test func lockHeldByAnotherProcessNamesItsPid() throws {
        let writer = try CrashTests.writerPath()
        try withTemporaryDirectory { dir in
            let workspace = dir.file("ws")
            let child = try ChildProcess.spawn(writer, [workspace])
            let opened = child.read(until: ContinuousClock.now + .seconds(20)) { $0.contains { $0.hasPrefix("open ") } }
            #expect(opened, "writer printed \(child.lines.suffix(3))")
            let error = #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: workspace) }
            #expect(error == .locked("\(workspace) is open in another partnerdash process (pid \(child.pid)); close it there first"))
            child.kill()
            child.wait()
            // The kernel dropped the dead writer's lock.
            _ = try WorkspaceStore.open(directory: workspace)
        }
    }

    @Test func lockingWritesNothingAndIsReleasedWithItsHolder() throws {
        try withTemporaryDirectory { dir in
            do { _ = try WorkspaceLock.acquire(directory: dir.path) }
            let lock = try WorkspaceLock.acquire(directory: dir.path)
            #expect(try dir.bytes("LOCK").isEmpty)
            lock.release()
        }
    }
}
