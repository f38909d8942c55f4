#if os(Linux)
import Foundation
import Testing
@testable import PartnerStore

/// A snapshot's bytes are read into memory that starts on a huge page's boundary and that the
/// kernel may back with huge pages (`MADV_HUGEPAGE`: one fault for 2 MiB instead of 512),
/// and still hold exactly the file's bytes; releasing part of it gives those pages back.
struct HugePageReadTests {
    @Test func aFileIsReadIntoHugePageMemoryAndReleasedByThePage() throws {
        try withTemporaryDirectory { dir in
            let bytes = (0..<(5 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            let path = dir.path + "/file"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let buffer = try ByteBuffer.readFile(path, hugePages: true)
            #expect(buffer.copy(0..<bytes.count) == bytes)
            let start = Int(bitPattern: buffer.bytes.baseAddress)
            #expect(start % ByteBuffer.hugePageSize == 0)
            if try Self.hugePagesOnRequest() {
                let advised = try Self.mappingAdvice(containing: start)
                #expect(advised == true, "the read memory is not advised to use huge pages (\(String(describing: advised)))")
            }
            let released = 1 << 20..<3 << 20
            #expect(buffer.release(released) == released.count)
            #expect(buffer.residentPages(released) == 0)
            #expect(buffer.residentPages(3 << 20..<4 << 20) == (1 << 20) / ByteBuffer.pageSize)
            #expect(buffer.copy(3 << 20..<bytes.count) == Array(bytes[(3 << 20)...]))
        }
    }

    /// A whole file read at once stays on small pages: with the kernel's `defrag` default
    /// a region advised to use huge pages may wait for compaction at every fault.
    @Test func aWholeFileReadIsNotAdvisedToUseHugePages() throws {
        try withTemporaryDirectory { dir in
            let bytes = [UInt8](repeating: 7, count: 5 << 20)
            let path = dir.path + "/file"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let buffer = try ByteBuffer.readFile(path)
            #expect(buffer.copy(0..<bytes.count) == bytes)
            let start = Int(bitPattern: buffer.bytes.baseAddress)
            #expect(try Self.mappingAdvice(containing: start) == false)
        }
    }

    /// A command that reads a few blocks of a snapshot (one reseller's customers, one
    /// subscription) reads them into small pages: advised memory faulted in and cleared
    /// 2 MiB for each block such a command read. Only the sections an open decodes start
    /// to end, releasing behind it, are advised.
    @Test func onlyTheSectionsAnOpenDecodesWholeAreAdvisedToUseHugePages() throws {
        try withTemporaryDirectory { dir in
            let model = try TestWorlds.synthetic(resellers: 4, customers: 1_000).model
            try WorkspaceStore.create(directory: dir.file("ws"), startingFrom: model).close()
            let snapshot = try #require(try SnapshotFile.loadNewest(directory: dir.file("ws"), readableVersions: ModelCodec.readableVersions,
                                                                    leavingUnread: Set(ModelSections.largeSections)).snapshot)
            let table = try SnapshotFileBytes.table(snapshot.path)
            var reader = snapshot.payloadReader()
            for section in ModelSections.largeSections {
                let range = table.entries[section].range
                try reader.buffer.load(range.lowerBound..<range.lowerBound + 64)
            }
            #expect(reader.buffer.rangesAdvisedForHugePages.isEmpty, "a narrowed read asked for huge pages")

            let loading = try ModelCodec.beginDecodingModel(&reader, version: snapshot.formatVersion, deferring: .auditLog,
                                                            releasingRead: true)
            var timings = OpenTimings()
            var decoded = try loading.finish(timings: &timings)
            decoded.prependAuditLog(try loading.decodeDeferredAuditLog())
            #expect(decoded == model)
            // Each advised range is a section's records, inside its entry of the table (after the count).
            let advised = reader.buffer.rangesAdvisedForHugePages.map { range in
                table.entries.indices.first { table.entries[$0].range.contains(range.lowerBound) && range.upperBound <= table.entries[$0].range.upperBound }
            }
            #expect(advised.sorted { ($0 ?? -1) < ($1 ?? -1) } == ModelSections.windowedSections.sorted().map { Optional($0) })
        }
    }

    /// `adviseHugePages` advises the whole huge pages inside the range and nothing around
    /// them; a snapshot's memory starts on a huge page's boundary and is not advised before.
    @Test func theWholeHugePagesInsideARangeAreAdvised() throws {
        try withTemporaryDirectory { dir in
            let model = try TestWorlds.synthetic(resellers: 2, customers: 50).model
            try WorkspaceStore.create(directory: dir.file("ws"), startingFrom: model).close()
            let path = dir.file("ws/" + WorkspaceFileName.snapshot(sequence: try #require(try SnapshotFile.sequences(in: dir.file("ws")).first)))
            let (fd, _) = try FileSystem.openToRead(path)
            let huge = ByteBuffer.hugePageSize
            // Memory for 8 MiB over a small file's table: only the memory is under test.
            let buffer = try ByteBuffer.readingSections(fd: fd, size: 4 * huge, path: path, table: try SnapshotFileBytes.table(path))
            let base = Int(bitPattern: buffer.bytes.baseAddress)
            #expect(base % huge == 0)
            #expect(try Self.mappingAdvice(containing: base + huge) == false)
            #expect(buffer.adviseHugePages(huge / 2..<3 * huge + huge / 2) == 2 * huge)
            if try Self.hugePagesOnRequest() {
                #expect(try Self.mappingAdvice(containing: base + huge) == true)
                #expect(try Self.mappingAdvice(containing: base + 3 * huge - 1) == true)
            }
            #expect(try Self.mappingAdvice(containing: base + huge - 1) == false)
            #expect(try Self.mappingAdvice(containing: base + 3 * huge) == false)
            #expect(buffer.adviseHugePages(huge + 1..<2 * huge + 100) == 0)
        }
    }

    /// Whether this kernel gives huge pages to memory that asks (`madvise` or `always`).
    private static func hugePagesOnRequest() throws -> Bool {
        guard let setting = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8) else {
            return false
        }
        return !setting.contains("[never]")
    }

    /// Whether the mapping holding `address` carries the huge-page advice ("hg" in its
    /// VmFlags in /proc/self/smaps); nil when no mapping holds it.
    private static func mappingAdvice(containing address: Int) throws -> Bool? {
        // Read to its end: a /proc file reports no size, which a read by size takes at its word.
        let file = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? file.close() }
        let smaps = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let ends = range.split(separator: "-").compactMap { Int($0, radix: 16) }
                inside = ends.count == 2 && ends[0] <= address && address < ends[1]
            } else if inside, fields.first == "VmFlags:" {
                return fields.contains("hg")
            }
        }
        return nil
    }
}
#endif
