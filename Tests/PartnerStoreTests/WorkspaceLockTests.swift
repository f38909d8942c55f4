#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PartnerStore

struct WorkspaceLockTests {
    @Test func secondLockIsRefusedWithThePid() throws {
        try withTemporaryDirectory { dir in
            let first = try WorkspaceLock.acquire(directory: dir.path)
            // flock belongs to the open file description, so a second open in this process competes like another process would.
            let error = #expect(throws: StoreError.self) { try WorkspaceLock.acquire(directory: dir.path) }
            #expect(error == .locked("\(dir.path) is open in another partnerdash process (pid \(getpid())); close it there first"))
            first.release()
            let again = try WorkspaceLock.acquire(directory: dir.path)
            again.release()
        }
    }

    @Test func lockIsReleasedWhenTheHolderGoesAway() throws {
        try withTemporaryDirectory { dir in
            do { _ = try WorkspaceLock.acquire(directory: dir.path) }
            let lock = try WorkspaceLock.acquire(directory: dir.path)
            #expect(String(decoding: try dir.bytes("LOCK"), as: UTF8.self) == "\(getpid())\n")
            lock.release()
        }
    }
}
