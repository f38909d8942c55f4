import Foundation
import Testing
import TestSupport

/// The writers benchmark's peer appends whole records, one per write, from any number of
/// writers on one file, and counts only what it appended and synced.
struct BareDiskWriterTests {
    @Test func twoWritersAppendEveryRecordWhole() throws {
        try withTemporaryDirectory { dir in
            let first = try BareDiskWriter.Files(directory: dir.path), second = try BareDiskWriter.Files(directory: dir.path)
            defer {
                first.close()
                second.close()
            }
            let a = try BareDiskWriter.run(writes: 7, files: first)
            let b = try BareDiskWriter.run(writes: 5, files: second)
            #expect(a.written == 7 && b.written == 5)
            #expect(a.startNanos <= a.endNanos && a.endNanos <= b.startNanos)
            let log = try Data(contentsOf: URL(fileURLWithPath: dir.file("bare-disk.log")))
            #expect(log.count == 12 * BareDiskWriter.recordBytes)
            let mode = try FileManager.default.attributesOfItem(atPath: dir.file("bare-disk.log"))[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }
}
