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
