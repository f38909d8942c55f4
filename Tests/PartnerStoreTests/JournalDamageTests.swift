import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// What reopening does with a journal that a crash or a bad disk has damaged.
struct JournalDamageTests {
    static let segment = "journal-00000000000000000001.log"

    /// Three records; returns the file size before the last one was appended.
    private func threeRecords(in dir: TemporaryDirectory) throws -> Int { try journalOfThreeRecords(in: dir) }

    @Test func lastRecordCutAtEveryOffsetReopensWithTheEarlierRecords() throws {
        try withTemporaryDirectory { dir in
            let start = try threeRecords(in: dir)
            let full = try dir.bytes(Self.segment)
            let expected = try FileJournal(directory: dir.path).records(after: 0).prefix(2)
            for cut in start..<full.count {
                try withTemporaryDirectory { copy in
                    try copy.write(Array(full[..<cut]), to: Self.segment)
                    let journal = try FileJournal(directory: copy.path)
                    #expect(journal.lastSequence == 2, "cut at \(cut)")
                    #expect(try journal.records(after: 0) == Array(expected), "cut at \(cut)")
                    #expect(journal.recovery.truncatedBytes == Int64(cut - start), "cut at \(cut)")
                    #expect(try copy.bytes(Self.segment) == Array(full[..<start]), "cut at \(cut)")
                    // The repaired journal takes new appends at the right place.
                    #expect(try journal.append([entry("after")], expectedLastSequence: 2) == 3)
                    #expect(try FileJournal(directory: copy.path).records(after: 2).map(\.payload) == [Array("after".utf8)])
                }
            }
        }
    }

    @Test func zeroFillAndShortTailsAfterTheLastRecordAreTornWrites() throws {
        try withTemporaryDirectory { dir in
            let size = try threeRecords(in: dir)
            _ = size
            let full = try dir.bytes(Self.segment)
            for tail in [[UInt8](repeating: 0, count: 4096), [0xD5], [0xD5, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F]] {
                try dir.write(full + tail, to: Self.segment)
                let journal = try FileJournal(directory: dir.path)
                #expect(journal.lastSequence == 3)
                #expect(journal.recovery.truncatedBytes == Int64(tail.count))
                #expect(try dir.bytes(Self.segment) == full)
            }
        }
    }

    @Test func flippedByteInAMiddleRecordIsCorruptionAndChangesNothing() throws {
        try withTemporaryDirectory { dir in
            let secondStart = try {
                let journal = try FileJournal.create(directory: dir.path)
                _ = try journal.append([entry("first record")], expectedLastSequence: 0)
                let offset = try dir.bytes(Self.segment).count
                _ = try journal.append([entry("second record")], expectedLastSequence: 1)
                _ = try journal.append([entry("third record")], expectedLastSequence: 2)
                return offset
            }()
            let secondEnd = secondStart + RecordFrame.headerSize + "second record".utf8.count
            // Every byte of the middle record, the length and checksum fields included.
            try expectEveryFlipIsCorruption(in: dir, positions: secondStart..<secondEnd, mask: 0x40, at: secondStart,
                                            saying: "followed by a valid record")
            let message = "\(StoreError.corrupt(file: "journal-1.log", offset: 52, reason: "bad record"))"
            #expect(message == "journal-1.log is corrupt at byte 52: bad record; nothing was changed")
        }
    }

    @Test func damageInAnEarlierSegmentIsCorruptionEvenAtItsEnd() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            _ = try journal.append([entry("one"), entry("two")], expectedLastSequence: 0)
            try journal.startNewSegment()
            _ = try journal.append([entry("three")], expectedLastSequence: 2)
            var bytes = try dir.bytes(Self.segment)
            bytes.removeLast()
            try dir.write(bytes, to: Self.segment)
            let before = try dir.contents()
            #expect(throws: StoreError.self) { try FileJournal(directory: dir.path) }
            #expect(try dir.contents() == before)
        }
    }

    @Test func damagedSegmentHeaderIsCorruption() throws {
        try withTemporaryDirectory { dir in
            try FileJournal.create(directory: dir.path)
            var bytes = try dir.bytes(Self.segment)
            bytes[9] ^= 1
            try dir.write(bytes, to: Self.segment)
            #expect(throws: StoreError.corrupt(file: dir.file(Self.segment), offset: 16, reason: "journal header checksum does not match")) {
                try FileJournal(directory: dir.path)
            }
        }
    }

    @Test func recordWithAnUnexpectedSequenceIsCorruption() throws {
        try withTemporaryDirectory { dir in
            try FileJournal.create(directory: dir.path)
            var writer = BinaryWriter()
            RecordFrame.encode(type: 1, sequence: 1, payload: [1], into: &writer)
            RecordFrame.encode(type: 1, sequence: 5, payload: [2], into: &writer)
            try dir.write(try dir.bytes(Self.segment) + writer.bytes, to: Self.segment)
            let error = #expect(throws: StoreError.self) { try FileJournal(directory: dir.path) }
            guard case let .corrupt(_, _, reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(reason.contains("sequence 5 where 2 was expected"))
        }
    }
}
