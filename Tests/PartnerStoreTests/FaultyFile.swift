#if canImport(Glibc)
import Glibc
#endif
@testable import PartnerStore
@testable import PartnerWorkspace

/// A real segment file whose next write or sync can be made to fail, the way a
/// full disk (ENOSPC) or a dying one (EIO) fails.
final class FaultyFile: AppendableFile {
    enum Fault {
        case none
        /// Writes this many bytes of the next write, then fails with ENOSPC.
        case shortWrite(keeping: Int)
        case syncFails
    }

    private let file: POSIXFile
    var fault: Fault = .none
    var path: String { file.path }

    init(_ path: String) throws { file = try POSIXFile.openForAppend(path) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if case let .shortWrite(keeping) = fault {
            try file.write(UnsafeRawBufferPointer(rebasing: bytes[..<min(keeping, bytes.count)]))
            throw StoreError.io(operation: "write", path: path, errno: ENOSPC)
        }
        try file.write(bytes)
    }

    func syncData() throws {
        if case .syncFails = fault { throw StoreError.io(operation: "fdatasync", path: path, errno: EIO) }
        try file.syncData()
    }

    func truncate(to size: Int64) throws { try file.truncate(to: size) }
    func size() throws -> Int64 { try file.size() }
    func close() { file.close() }
}

extension FaultyFile {
    /// A new journal in `dir` whose segment files are `FaultyFile`s; the second value is
    /// the one opened last (the segment being appended to).
    static func journal(in dir: TemporaryDirectory) throws -> (FileJournal, () -> FaultyFile?) {
        try FileJournal.create(directory: dir.path)
        nonisolated(unsafe) var opened: FaultyFile?
        let journal = try FileJournal(directory: dir.path) { path in
            let file = try FaultyFile(path)
            opened = file
            return file
        }
        return (journal, { opened })
    }
}
