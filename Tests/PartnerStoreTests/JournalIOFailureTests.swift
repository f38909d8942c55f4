#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// An I/O error is never retried and then acknowledged: the append throws, the
/// journal refuses every later change, and a reopen shows only acknowledged records.
struct JournalIOFailureTests {
    @Test(arguments: [FaultyFile.Fault.shortWrite(keeping: 0), .shortWrite(keeping: 7), .syncFails])
    func failedAppendTurnsTheJournalReadOnly(fault: FaultyFile.Fault) throws {
        try withTemporaryDirectory { dir in
            let (journal, file) = try FaultyFile.journal(in: dir)
            _ = try journal.append([entry("acknowledged")], expectedLastSequence: 0)
            file()?.fault = fault
            #expect(throws: StoreError.self) { try journal.append([entry("refused")], expectedLastSequence: 1) }
            #expect(journal.lastSequence == 1)
            #expect(journal.readOnlyReason != nil)

            file()?.fault = .none
            let error = #expect(throws: StoreError.self) { try journal.append([entry("later")], expectedLastSequence: 1) }
            guard case let .readOnly(reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(reason.contains("failed"))
            #expect(throws: StoreError.self) { try journal.startNewSegment() }
            #expect(throws: StoreError.self) { try journal.deleteSegments(coveredBy: 1) }

            let reopened = try FileJournal(directory: dir.path)
            #expect(try reopened.records(after: 0).map(\.payload) == [Array("acknowledged".utf8)])
            #expect(reopened.recovery.isClean)
        }
    }
}

extension FaultyFile.Fault: CustomTestStringConvertible {
    var testDescription: String {
        switch self {
        case .none: "none"
        case let .shortWrite(keeping): "ENOSPC after \(keeping) bytes"
        case .syncFails: "EIO on fdatasync"
        }
    }
}
