#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// Issue 9 (5): only what a crash leaves is a torn write; anything else is corruption that
/// an ordinary open refuses and only `repair` cuts, keeping the bytes.
struct JournalEvidenceTests {
    static let segment = "journal-00000000000000000001.log"

    private func threeRecords(in dir: TemporaryDirectory) throws -> Int {
        try journalOfThreeRecords(in: dir, last: "third record, acknowledged and then damaged")
    }

    @Test func aFlippedBitAnywhereInTheLastWholeRecordIsCorruptionNamingRepair() throws {
        try withTemporaryDirectory { dir in
            let start = try threeRecords(in: dir)
            try expectEveryFlipIsCorruption(in: dir, positions: start..<(try dir.bytes(Self.segment).count), mask: 0x01, at: start,
                                            saying: "partnerdash repair")
            #expect(!FileSystem.exists(dir.file("damaged")))
        }
    }

    @Test func onlyShortOrZeroFilledTailsAreTornWrites() throws {
        try withTemporaryDirectory { dir in
            let start = try threeRecords(in: dir)
            let full = try dir.bytes(Self.segment)
            // Garbage that is neither short nor zeros is not what a crash leaves.
            for tail in [[UInt8](repeating: 0xAB, count: 100), Array("not a record at all, but long enough".utf8)] {
                try dir.write(full + tail, to: Self.segment)
                #expect(throws: StoreError.self) { try FileJournal(directory: dir.path) }
                #expect(try dir.bytes(Self.segment) == full + tail)
            }
            // The last record's payload zeroed from a 512-byte boundary of the file to the end: a torn write.
            var padded = Array(full[..<start])
            var writer = BinaryWriter()
            RecordFrame.encode(type: 1, sequence: 3, payload: [UInt8](repeating: 0x41, count: 1200), into: &writer)
            let frame = writer.finish()
            padded += frame
            let boundary = (start / 512 + 1) * 512
            for index in boundary..<padded.count { padded[index] = 0 }
            try dir.write(padded, to: Self.segment)
            let journal = try FileJournal(directory: dir.path)
            #expect(journal.lastSequence == 2)
            #expect(journal.recovery.truncatedBytes == Int64(padded.count - start))
            #expect(try dir.bytes(Self.segment) == Array(full[..<start]))
        }
    }

    @Test func repairCutsTheDamageKeepsItAndSaysWhat() throws {
        try withTemporaryDirectory { dir in
            let ws = dir.path
            let world = try TestWorlds.demo()
            let store = try WorkspaceStore.create(directory: ws)
            for transaction in world.transactions { try store.commit(transaction) }
            store.close()
            let segment = Self.segment
            var bytes = try dir.bytes(segment)
            bytes[bytes.count - 5] ^= 0x01
            try dir.write(bytes, to: segment)
            let before = try dir.contents()

            // An ordinary open refuses, naming the file, the offset and the repair command, and changes nothing.
            let error = #expect(throws: StoreError.self) { try WorkspaceStore.open(directory: ws) }
            #expect("\(String(describing: error))".contains(dir.file(segment)))
            #expect("\(String(describing: error))".contains("partnerdash repair"))
            guard case let .corrupt(_, offset, _) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(try dir.contents() == before)
            // check reports it as a problem, not as a change never confirmed.
            let report = WorkspaceStore.verify(directory: ws)
            #expect(!report.isHealthy)
            #expect(report.problems.contains { $0.contains("byte \(offset)") && $0.contains("partnerdash repair") })
            #expect(!report.warnings.contains { $0.contains("never confirmed") })

            // Repair is refused while another process (here another open) has the workspace open.
            let mark = try WorkspaceLock.markOpen(directory: ws)
            #expect(throws: StoreError.self) { try WorkspaceStore.repair(directory: ws) }
            mark.release()
            #expect(try dir.contents() == before)

            let repair = try WorkspaceStore.repair(directory: ws)
            #expect(repair.actions.count == 1)
            #expect(repair.actions[0].contains("cut \(bytes.count - Int(offset)) bytes") && repair.actions[0].contains("at byte \(offset)"),
                    "\(repair.actions)")
            let kept = try #require(repair.keptFiles.first)
            #expect(kept.hasPrefix(dir.file("damaged/")))
            #expect(try FileSystem.readFile(kept) == Array(bytes[Int(offset)...]))
            #expect(try FileSystem.mode(kept) == 0o600)
            #expect(try FileSystem.mode(dir.file("damaged")) == 0o700)
            #expect(try dir.bytes(segment) == Array(bytes[..<Int(offset)]))

            let reopened = try WorkspaceStore.open(directory: ws)
            #expect(reopened.lastSequence == UInt64(world.transactions.count - 1))
            reopened.close()
            #expect(WorkspaceStore.verify(directory: ws).isHealthy)
            #expect(try WorkspaceStore.repair(directory: ws).repairedNothing)
        }
    }

    @Test func repairOfDamageInTheMiddleSaysHowManyWholeRecordsWentWithIt() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            _ = try journal.append([entry("first record")], expectedLastSequence: 0)
            let second = try dir.bytes(Self.segment).count
            _ = try journal.append([entry("second record")], expectedLastSequence: 1)
            _ = try journal.append([entry("third record")], expectedLastSequence: 2)
            var bytes = try dir.bytes(Self.segment)
            bytes[second + RecordFrame.headerSize + 2] ^= 0x04
            try dir.write(bytes, to: Self.segment)
            let repair = try WorkspaceStore.repair(directory: dir.path)
            #expect(repair.actions.count == 1)
            #expect(repair.actions[0].contains("at byte \(second)") && repair.actions[0].contains("1 whole record(s)"), "\(repair.actions)")
            #expect(try FileSystem.readFile(try #require(repair.keptFiles.first)) == Array(bytes[second...]))
            #expect(try FileJournal(directory: dir.path).lastSequence == 1)
        }
    }

    @Test func damageInASegmentTheSnapshotCoversDoesNotStopTheOpen() throws {
        try withTemporaryDirectory { dir in
            let ws = dir.file("ws")
            let world = try TestWorlds.demo()
            try workspaceWithTwoCheckpoints(at: ws, world: world).close()
            // Segments start at 21 (the fallback snapshot's journal) and 41; the newest snapshot covers 1…40.
            let covered = "ws/" + WorkspaceFileName.journal(firstSequence: 21)
            var bytes = try dir.bytes(covered)
            bytes[bytes.count / 2] ^= 0x20
            try dir.write(bytes, to: covered)

            let reopened = try WorkspaceStore.open(directory: ws)
            #expect(reopened.model == world.model)
            #expect(reopened.recovery.notes.contains { $0.contains(dir.file(covered)) && $0.contains("snapshot") })
            #expect(try dir.bytes(covered) == bytes)
            reopened.close()
            let report = WorkspaceStore.verify(directory: ws)
            #expect(report.warnings.contains { $0.contains(dir.file(covered)) && $0.contains("damaged at byte") })
            #expect(try WorkspaceStore.repair(directory: ws).repairedNothing)
            #expect(try dir.bytes(covered) == bytes)
        }
    }
}
