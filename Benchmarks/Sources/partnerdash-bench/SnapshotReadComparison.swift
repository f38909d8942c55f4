#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerStore

/// The snapshot read two ways in one process, right after an open (so both find the file
/// in the page cache): mapped, as before issue 9, and read as the store reads it now
/// (`ByteBuffer.readFile`) (a mapped file that is truncated meanwhile
/// kills the reader with SIGBUS; a read gives fewer bytes). Each is followed by the
/// CRC-32C over the whole file, which touches every byte as the open's check does.
enum SnapshotReadComparison {
    struct Figures {
        var mappedMs: Double
        var readMs: Double
    }

    static func measure(directory: URL) throws -> Figures? {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("snapshot-") && $0.hasSuffix(".bin") }.sorted()
        guard let newest = names.last else { return nil }
        let path = directory.appendingPathComponent(newest).path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        var sink: UInt32 = 0

        var start = nowNanos()
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else { return nil }
        sink ^= CRC32C.checksum(UnsafeRawBufferPointer(start: mapped, count: size))
        munmap(mapped, size)
        let mappedMs = millis(since: start)

        start = nowNanos()
        let read = try ByteBuffer.readFile(path)
        sink ^= CRC32C.checksum(read.bytes)
        let readMs = millis(since: start)
        withExtendedLifetime(sink) {}
        return Figures(mappedMs: mappedMs, readMs: readMs)
    }
}
