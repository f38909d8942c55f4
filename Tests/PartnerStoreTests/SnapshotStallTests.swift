#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PartnerCore
import PropertyBased
import Testing
@testable import PartnerStore

/// What keeps a snapshot written in the background from stalling the thread that commits
/// and takes keys: its pages go to the device in bounded pieces as they are written (so a
/// commit's fdatasync never waits behind hundreds of megabytes of them), and its threads
/// run at a lowered priority (so that thread never waits for a core). Behaviour only: how
/// long anything takes is the benchmark's (`scripts/bench --only snapshot`).
struct SnapshotStallTests {
    // MARK: Pieces

    /// Every byte arrives in order, each full piece is handed to the device as soon as it is
    /// written and waited for one piece later, and never more than two pieces' bytes are
    /// written but not yet waited for, whatever the sizes of the parts written.
    @Test func aFileIsHandedToTheDeviceInBoundedPiecesWhateverItsParts() async {
        await propertyCheck(count: 200, input: Gen<Int>.int(in: 0...5_000).array(of: 0...8), Gen<Int>.int(in: 1...1_500)) { sizes, piece in
            let file = RecordingFile()
            var writer = PacedFileWriter(file: file, pieceBytes: piece)
            var expected: [UInt8] = []
            for (index, size) in sizes.enumerated() {
                let part = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
                expected += part
                do { try part.withUnsafeBytes { try writer.write($0) } } catch { Issue.record(error) }
            }
            #expect(file.bytes == expected)
            let full = Int64(expected.count / piece)
            let length = Int64(piece)
            #expect(file.started == (0..<full).map { ($0 * length)..<(($0 + 1) * length) })
            #expect(file.waited == (0..<max(full - 1, 0)).map { ($0 * length)..<(($0 + 1) * length) })
            #expect(file.mostWrittenButNotWaitedFor <= 2 * piece)
        }
    }

    /// The snapshot a store writes goes through the pieces: a snapshot larger than a piece
    /// makes `sync_file_range` calls before its fsync, and reads back whole.
    /// A run copied from another file (a snapshot's cold audit chunks) goes through the same
    /// pieces as bytes written; the kernel's copy into a real file gives the bytes asked for,
    /// and a source that ends before them is an error, never a short file.
    @Test func copiedBytesGoThroughThePiecesToo() throws {
        try withTemporaryDirectory { dir in
            let source = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            let sourcePath = dir.file("source")
            #expect(FileManager.default.createFile(atPath: sourcePath, contents: Data(source)))
            let fd = open(sourcePath, O_RDONLY)
            #expect(fd >= 0)
            defer { close(fd) }
            let head = [UInt8](repeating: 9, count: 1_000)
            let expected = head + source[5_000..<45_000]

            let recorded = RecordingFile()
            var writer = PacedFileWriter(file: recorded, pieceBytes: 4_096)
            try head.withUnsafeBytes { try writer.write($0) }
            try writer.copy(from: fd, path: sourcePath, offset: 5_000, count: 40_000)
            #expect(recorded.bytes == expected)
            let pieces: [Range<Int64>] = (0..<Int64(expected.count / 4_096)).map { start in
                let first: Int64 = start * 4_096
                return first..<(first + 4_096)
            }
            #expect(recorded.started == pieces)
            #expect(recorded.mostWrittenButNotWaitedFor <= 2 * 4_096)

            let target = try POSIXFile.createTruncating(dir.file("target"))
            var paced = PacedFileWriter(file: target, pieceBytes: 4_096)
            try head.withUnsafeBytes { try paced.write($0) }
            try paced.copy(from: fd, path: sourcePath, offset: 5_000, count: 40_000)
            target.close()
            #expect(FileManager.default.contents(atPath: dir.file("target")).map { [UInt8]($0) } == expected)

            let short = try POSIXFile.createTruncating(dir.file("short"))
            defer { short.close() }
            #expect(throws: StoreError.self) { try short.copy(from: fd, path: sourcePath, offset: 45_000, count: 10_000) }
        }
    }

    @Test func aSnapshotLargerThanAPieceIsWrittenBackAsItIsWritten() throws {
        try withTemporaryDirectory { dir in
            let payload = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let plan = FaultPlan.counting()
            try FaultPlan.$current.withValue(plan) {
                _ = try SnapshotFile.write(payloadParts: [Array(payload[..<12_345]), Array(payload[12_345...])], sequence: 4,
                                           formatVersion: 2, directory: dir.path, pieceBytes: 4_096)
            }
            let kinds = plan.callsMade.map(\.call)
            let writebacks = kinds.filter { $0 == .writeback }.count
            // 50,032 bytes with the header: 12 full pieces, each started, all but the last waited for.
            #expect(writebacks == 12 + 11)
            let lastWriteback = try #require(kinds.lastIndex(of: .writeback))
            #expect(lastWriteback < (try #require(kinds.firstIndex(of: .sync))))
            let read = try SnapshotFile.read(path: dir.file("snapshot-00000000000000000004.bin"), readableVersions: 1...2)
            #expect(try read.payload == payload)
        }
    }

    /// The public write, which every checkpoint uses, goes through the pieces too.
    @Test func aStoresSnapshotGoesThroughThePieces() throws {
        try withTemporaryDirectory { dir in
            let plan = FaultPlan.counting()
            try FaultPlan.$current.withValue(plan) {
                _ = try SnapshotFile.write(payloadParts: [[UInt8](repeating: 1, count: 3 * SnapshotFile.writebackPieceBytes)],
                                           sequence: 2, formatVersion: 2, directory: dir.path)
            }
            #expect(plan.callsMade.filter { $0.call == .writeback }.count == 3 + 2)
        }
    }

    /// A failed `sync_file_range` fails the snapshot like a failed write: nothing is left
    /// behind, neither a snapshot nor its temporary file.
    @Test func aFailedWritebackLeavesNoSnapshot() throws {
        try withTemporaryDirectory { dir in
            let plan = FaultPlan(failing: [.writeback], with: .error(EIO), onlyNumber: 2)
            #expect(throws: StoreError.self) {
                try FaultPlan.$current.withValue(plan) {
                    _ = try SnapshotFile.write(payloadParts: [[UInt8](repeating: 9, count: 20_000)], sequence: 6,
                                               formatVersion: 2, directory: dir.path, pieceBytes: 4_096)
                }
            }
            #expect(plan.injected?.call == .writeback)
            let left = try dir.names()
            #expect(left.isEmpty)
        }
    }

    /// Pruning's streamed check agrees with reading the file, for every flipped byte of a
    /// snapshot, a truncated one and one in a newer format.
    @Test func pruningsCheckAgreesWithReadingTheFile() throws {
        try withTemporaryDirectory { dir in
            let name = "snapshot-00000000000000000003.bin"
            try SnapshotFile.write(payloadParts: [Array("sound payload".utf8)], sequence: 3, formatVersion: 2, directory: dir.path)
            let original = try dir.bytes(name)
            func agree(_ bytes: [UInt8], versions: ClosedRange<UInt32> = 1...2) throws {
                try dir.write(bytes, to: name)
                let readable = (try? SnapshotFile.read(path: dir.file(name), readableVersions: versions)) != nil
                #expect(SnapshotFile.isSound(path: dir.file(name), readableVersions: versions) == readable)
            }
            try agree(original)
            #expect(SnapshotFile.isSound(path: dir.file(name), readableVersions: 1...2))
            for position in 0..<original.count {
                var damaged = original
                damaged[position] ^= 0x10
                try agree(damaged)
            }
            try agree(Array(original.dropLast()))
            try agree(original, versions: 1...1)
        }
    }

    // MARK: Priority

    /// The checkpoint thread runs lowered, and so does every encoding thread it starts;
    /// the thread that asked for the snapshot keeps its priority.
    @Test func aBackgroundSnapshotsThreadsRunAtALoweredPriority() throws {
        let before = BackgroundThreads.currentNiceness
        let seen = Observed()
        let plan = CheckpointPlan(model: PartnerModel(), sequence: 1, directory: "/nonexistent")
        let job = CheckpointJob(plan: plan) { _ in
            seen.add(BackgroundThreads.currentNiceness)
            BackgroundThreads.perform(iterations: 3) { _ in seen.add(BackgroundThreads.currentNiceness) }
            return WrittenSnapshot(file: "written", fallback: nil)
        }
        job.wait()
        #expect(try job.outcome?.get().file == "written")
        #expect(seen.values == Array(repeating: BackgroundThreads.niceness, count: 4))
        #expect(BackgroundThreads.currentNiceness == before)
    }

    /// Encoding on the lowered threads gives the bytes the shared threads give.
    @Test func encodingInTheBackgroundGivesTheSameBytes() throws {
        let model = try TestWorlds.synthetic(resellers: 3, customers: 40).model
        #expect(try ModelCodec.encodeParts(model, mark: .unchecked, inBackground: true) == ModelCodec.encodeParts(model))
    }
}

/// A file that keeps what is written and which ranges were handed to the device.
private final class RecordingFile: WritebackFile {
    var bytes: [UInt8] = []
    var started: [Range<Int64>] = []
    var waited: [Range<Int64>] = []
    /// The most bytes ever written but not yet waited for.
    var mostWrittenButNotWaitedFor = 0

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes += bytes
        mostWrittenButNotWaitedFor = max(mostWrittenButNotWaitedFor, self.bytes.count - Int(waited.last?.upperBound ?? 0))
    }

    func startWriteback(offset: Int64, length: Int64) throws {
        started.append(offset..<(offset + length))
    }

    func waitForWriteback(offset: Int64, length: Int64) throws {
        waited.append(offset..<(offset + length))
    }
}

/// Values added from several threads.
private final class Observed: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [Int32] = []
    func add(_ value: Int32) { lock.withLock { seen.append(value) } }
    var values: [Int32] { lock.withLock { seen } }
}
