import Foundation
import Synchronization
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

struct FileJournalTests {
    @Test func appendAndReopen() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            #expect(journal.lastSequence == 0)
            #expect(try journal.append([entry("a")], expectedLastSequence: 0) == 1)
            #expect(try journal.append([entry("b", type: 2), entry("c")], expectedLastSequence: 1) == 3)
            #expect(try journal.records(after: 1).map(\.sequence) == [2, 3])

            let reopened = try FileJournal(directory: dir.path)
            #expect(reopened.lastSequence == 3)
            #expect(reopened.recovery.isClean)
            // What opening read and kept is what reading again gives, once.
            let keeping = try FileJournal(directory: dir.path, keepingRecordsAfter: 1)
            #expect(keeping.takeRecordsReadAtOpen() == (try reopened.records(after: 1)))
            #expect(keeping.takeRecordsReadAtOpen().isEmpty)
            #expect(try reopened.records(after: 0) == [
                JournalRecord(sequence: 1, type: 1, payload: Array("a".utf8)),
                JournalRecord(sequence: 2, type: 2, payload: Array("b".utf8)),
                JournalRecord(sequence: 3, type: 1, payload: Array("c".utf8)),
            ])
            #expect(try reopened.append([entry("d")], expectedLastSequence: 3) == 4)
            #expect(try FileJournal(directory: dir.path).records(after: 3).map(\.payload) == [Array("d".utf8)])
        }
    }

    @Test func emptyPayloadsAndLargePayloadsSurvive() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            let large = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
            _ = try journal.append([JournalEntry(type: 3, payload: []), JournalEntry(type: 4, payload: large)], expectedLastSequence: 0)
            let records = try FileJournal(directory: dir.path).records(after: 0)
            #expect(records.map(\.payload) == [[], large])
        }
    }

    @Test func staleExpectedSequenceIsAConflictAndWritesNothing() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            _ = try journal.append([entry("a")], expectedLastSequence: 0)
            let before = try dir.contents()
            #expect(throws: StoreError.conflict(expected: 0, actual: 1)) {
                try journal.append([entry("b")], expectedLastSequence: 0)
            }
            #expect(try dir.contents() == before)
            #expect(journal.lastSequence == 1)
        }
    }

    @Test func createRefusesAnExistingJournalAndOpenRefusesAnEmptyDirectory() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: StoreError.self) { try FileJournal(directory: dir.path) }
            try FileJournal.create(directory: dir.path)
            #expect(throws: StoreError.self) { try FileJournal.create(directory: dir.path) }
        }
    }

    @Test func segmentsRollAndCoveredOnesAreDeleted() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            _ = try journal.append([entry("1"), entry("2")], expectedLastSequence: 0)
            try journal.startNewSegment()
            try journal.startNewSegment()  // nothing appended since: no empty segment is made
            _ = try journal.append([entry("3")], expectedLastSequence: 2)
            try journal.startNewSegment()
            _ = try journal.append([entry("4")], expectedLastSequence: 3)
            #expect(try dir.names().filter { $0.hasPrefix("journal-") } == [
                "journal-00000000000000000001.log", "journal-00000000000000000003.log", "journal-00000000000000000004.log",
            ])
            #expect(try FileJournal(directory: dir.path).records(after: 0).map(\.sequence) == [1, 2, 3, 4])

            #expect(try journal.deleteSegments(coveredBy: 2) == 1)
            #expect(journal.firstSequence == 3)
            #expect(try journal.deleteSegments(coveredBy: 2) == 0)
            // The segment being appended to is never deleted, however far the snapshot reaches.
            #expect(try journal.deleteSegments(coveredBy: 100) == 1)
            #expect(try dir.names().filter { $0.hasPrefix("journal-") } == ["journal-00000000000000000004.log"])
            let reopened = try FileJournal(directory: dir.path)
            #expect(reopened.firstSequence == 4)
            #expect(try reopened.records(after: 3).map(\.sequence) == [4])
            #expect(throws: StoreError.self) { try reopened.records(after: 0) }
        }
    }

    @Test func aMissingMiddleSegmentIsCorruption() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            _ = try journal.append([entry("1")], expectedLastSequence: 0)
            try journal.startNewSegment()
            _ = try journal.append([entry("2")], expectedLastSequence: 1)
            try journal.startNewSegment()
            _ = try journal.append([entry("3")], expectedLastSequence: 2)
            try FileSystem.remove(dir.file("journal-00000000000000000002.log"))
            let before = try dir.contents()
            let error = #expect(throws: StoreError.self) { try FileJournal(directory: dir.path) }
            guard case let .corrupt(file, _, reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(file.hasSuffix("journal-00000000000000000003.log"))
            #expect(reason.contains("previous segment ends at 1"))
            #expect(try dir.contents() == before)
        }
    }

    @Test func leftoverTemporarySegmentIsRemovedOnOpen() throws {
        try withTemporaryDirectory { dir in
            try FileJournal.create(directory: dir.path)
            try dir.write([1, 2, 3], to: "journal-00000000000000000009.log.tmp")
            let journal = try FileJournal(directory: dir.path)
            #expect(journal.recovery.removedTemporaryFiles == ["journal-00000000000000000009.log.tmp"])
            #expect(try dir.names() == ["journal-00000000000000000001.log"])
        }
    }

    @Test func newerSegmentFormatIsRefused() throws {
        try withTemporaryDirectory { dir in
            try FileJournal.create(directory: dir.path)
            let name = "journal-00000000000000000001.log"
            try dir.write(SegmentHeader(version: 9, firstSequence: 1).encoded(), to: name)
            #expect(throws: StoreError.newerFormat(file: dir.file(name), found: 9, supported: 1)) {
                try FileJournal(directory: dir.path)
            }
            #expect("\(StoreError.newerFormat(file: "x", found: 9, supported: 1))"
                == "x: workspace format 9 is newer than this partnerdash (reads up to 1)")
        }
    }
}

/// Reading others' appends across a checkpoint's new segment. A checkpoint starts the
/// next segment right after the last record, so for a while the newest segment holds only
/// its header: the record after the reader's last one would start it, yet it is already
/// the one being read. Catching up there must come back with nothing new, not switch to
/// it again and again (a live dashboard's idle tick once spun there for ever).
struct FileJournalCatchUpTests {
    @Test func catchingUpOnAnEmptyNewSegmentReturns() throws {
        try withTemporaryDirectory { dir in
            let path = dir.path
            let read = try returnsInTime("catch-up with an empty newest segment") {
                let writer = try FileJournal.create(directory: path)
                _ = try writer.append([entry("1"), entry("2")], expectedLastSequence: 0)
                let reader = try FileJournal(directory: path)
                try writer.startNewSegment()
                var read = [
                    try writer.catchUp(repairing: true),
                    try reader.catchUp(repairing: false),  // follows into the new segment
                    try reader.catchUp(repairing: false),  // and stays there
                    try FileJournal(directory: path).catchUp(repairing: false),  // opened on it
                ].map { $0.map(\.sequence) }
                _ = try writer.append([entry("3")], expectedLastSequence: 2)
                read.append(try reader.catchUp(repairing: false).map(\.sequence))
                return read
            }
            #expect(read == [[], [], [], [], [3]])
        }
    }

    /// A reader still in the old segment reads its rest and goes on into the new one,
    /// which a checkpoint started after records the reader has not read yet.
    @Test func aReaderBehindFollowsIntoTheNextSegment() throws {
        try withTemporaryDirectory { dir in
            let path = dir.path
            let read = try returnsInTime("catch-up across a segment switch") {
                let writer = try FileJournal.create(directory: path)
                _ = try writer.append([entry("1")], expectedLastSequence: 0)
                let reader = try FileJournal(directory: path)
                _ = try writer.append([entry("2")], expectedLastSequence: 1)
                try writer.startNewSegment()
                _ = try writer.append([entry("3"), entry("4")], expectedLastSequence: 2)
                var read = [try reader.catchUp(repairing: false).map(\.sequence)]
                _ = try writer.append([entry("5")], expectedLastSequence: 4)
                read.append(try reader.catchUp(repairing: false).map(\.sequence))
                return read
            }
            #expect(read == [[2, 3, 4], [5]])
        }
    }
}

/// Runs `body` on a thread of its own and gives what it returned, or records an issue
/// when it has not returned within a minute: a catch-up that loops fails the test instead
/// of hanging the suite.
private func returnsInTime<T: Sendable>(_ what: String, _ body: @escaping @Sendable () throws -> T) throws -> T? {
    let done = DispatchSemaphore(value: 0)
    let outcome = Outcome<T>()
    Thread {
        let result = Result { try body() }
        outcome.value.withLock { $0 = result }
        done.signal()
    }.start()
    guard done.wait(timeout: .now() + 60) == .success else {
        Issue.record("\(what) did not return within a minute")
        return nil
    }
    return try outcome.value.withLock { $0 }?.get()
}

private final class Outcome<T: Sendable>: Sendable {
    let value = Mutex<Result<T, any Error>?>(nil)
}
