#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// Workspace data is private to its owner: files 0600, the directory 0700.
struct PermissionTests {
    @Test func filesAndDirectoryArePrivate() throws {
        try withTemporaryDirectory { dir in
            let workspace = dir.file("workspace")
            try FileSystem.makePrivateDirectory(workspace)
            let journal = try FileJournal.create(directory: workspace)
            _ = try journal.append([entry("x")], expectedLastSequence: 0)
            try journal.startNewSegment()
            try SnapshotFile.write(payload: [1], sequence: 1, formatVersion: 1, directory: workspace)
            let lock = try #require(try SnapshotLock.tryAcquire(directory: workspace))
            defer { lock.release() }

            #expect(try FileSystem.mode(workspace) == 0o700)
            let names = try FileSystem.listDirectory(workspace)
            #expect(names.count == 4)
            for name in names {
                #expect(try FileSystem.mode(workspace + "/" + name) == 0o600, "\(name)")
            }
        }
    }

    @Test func existingDirectoryIsTightened() throws {
        try withTemporaryDirectory { dir in
            let workspace = dir.file("loose")
            #expect(mkdirLoose(workspace))
            try FileSystem.makePrivateDirectory(workspace)
            #expect(try FileSystem.mode(workspace) == 0o700)
        }
    }

    private func mkdirLoose(_ path: String) -> Bool {
        mkdir(path, 0o755) == 0 && chmod(path, 0o755) == 0
    }
}
