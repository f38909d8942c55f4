import Foundation
import PartnerCore
import Testing
import TestSupport
@testable import PartnerStore
@testable import PartnerWorkspace

/// A writer decides its change before it takes the write lock, on the model its read
/// before the lock brought up to date; under the lock it writes that decision only when
/// the catch-up there reads nothing, and otherwise decides again on what it read
/// (STORE.md › "Sharing a workspace", step 3). So the lock is held for the tail check and
/// the `write` alone when nobody raced, and every rule still holds against the latest state.
struct DecideBeforeTheLockTests {
    /// Two stores on one workspace, as two processes have it, once the other has added a
    /// customer with the tenant domain `name` (the writer has not read it yet).
    static func afterTheOthersCustomer(_ name: String, _ dir: TemporaryDirectory) throws
        -> (writer: WorkspaceStore, other: WorkspaceStore, catalog: OfferCatalog) {
        let (writer, other, _, catalog) = try CommandCPUTests.twoStores(dir)
        let (change, _) = try ImportRecordTests.addCustomer(name, on: other.model, catalog: catalog, seed: 1)
        try other.commit(change)
        return (writer, other, catalog)
    }

    @Test func aChangeNobodyRacedIsDecidedOnceBeforeTheLockAndWrittenAsDecided() throws {
        try withTemporaryDirectory { dir in
            let (writer, other, catalog) = try Self.afterTheOthersCustomer("earlier", dir)
            var decidedOn: [UInt64] = []
            var underTheLock: [Bool] = []
            var decisionsBeforeTheLock: Int?
            writer.beforeTakingTheLockForTesting = { decisionsBeforeTheLock = decidedOn.count }
            let last = try writer.commit(deciding: { latest in
                decidedOn.append(latest.lastSequence)
                underTheLock.append(writer.holdsWriteLock)
                return [try ImportRecordTests.addCustomer("alone", on: latest, catalog: catalog, seed: 2).0]
            })
            #expect(decisionsBeforeTheLock == 1, "decided before the lock")
            #expect(decidedOn == [other.lastSequence], "once, on the other's record read before the lock")
            #expect(underTheLock == [false])
            #expect(last == other.lastSequence + 1)
            #expect(writer.decisionsBeforeTheLock == DecisionsBeforeTheLock(written: 1, madeAgain: 0))
            try other.refresh()
            #expect(writer.model == other.model, "what was written is what the writer applied")
            writer.close()
            other.close()
        }
    }

    @Test func aChangeRacedBeforeTheLockIsDecidedAgainOnTheRecordItMissed() throws {
        try withTemporaryDirectory { dir in
            let (writer, other, _, catalog) = try CommandCPUTests.twoStores(dir)
            var between: UInt64?
            writer.beforeTakingTheLockForTesting = {
                guard between == nil else { return }
                let (raced, _) = try ImportRecordTests.addCustomer("between", on: other.model, catalog: catalog, seed: 1)
                between = try other.commit(raced)
            }
            let start = writer.lastSequence
            var decidedOn: [UInt64] = []
            let last = try writer.commit(deciding: { latest in
                decidedOn.append(latest.lastSequence)
                return [try ImportRecordTests.addCustomer("mine", on: latest, catalog: catalog, seed: 2).0]
            })
            #expect(decidedOn == [start, start + 1], "decided before the lock, then again on the record appended meanwhile")
            #expect(between == start + 1 && last == start + 2)
            #expect(writer.decisionsBeforeTheLock == DecisionsBeforeTheLock(written: 0, madeAgain: 1))
            try other.refresh()
            #expect(writer.model == other.model)
            writer.close()
            other.close()
        }
    }

    /// A rule's refusal decided on a model read to the end of the journal in this call is
    /// the latest state's answer: thrown without taking the lock or deciding again.
    @Test func aRefusalOnTheLatestStateIsThrownWithoutTheLock() throws {
        try withTemporaryDirectory { dir in
            let (writer, other, catalog) = try Self.afterTheOthersCustomer("race", dir)
            var decidedOn: [UInt64] = []
            var tookTheLock = false
            writer.beforeTakingTheLockForTesting = { tookTheLock = true }
            #expect(throws: DomainError.self) {
                try writer.commit(deciding: { latest in
                    decidedOn.append(latest.lastSequence)
                    return [try ImportRecordTests.addCustomer("race", on: latest, catalog: catalog, seed: 2).0]
                })
            }
            #expect(decidedOn == [other.lastSequence], "decided once, on the other's record")
            #expect(!tookTheLock)
            #expect(writer.decisionsBeforeTheLock == DecisionsBeforeTheLock(refused: 1))
            writer.close()
            other.close()
        }
    }

    /// The read before the lock stays in its segment; before a refusal stands, the segment
    /// a checkpoint started after it is read too, and a record there makes it decided again.
    @Test func aRefusalOnAModelARecordInTheNextSegmentMadeStaleIsDecidedAgain() throws {
        try withTemporaryDirectory { dir in
            let (writer, other, _, catalog) = try CommandCPUTests.twoStores(dir)
            try other.checkpoint()
            let (next, _) = try ImportRecordTests.addCustomer("next", on: other.model, catalog: catalog, seed: 1)
            let inTheNextSegment = try other.commit(next)
            var decidedOn: [UInt64] = []
            let last = try writer.commit(deciding: { latest in
                decidedOn.append(latest.lastSequence)
                // Refused until the other's record is read.
                guard latest.lastSequence == inTheNextSegment else {
                    throw DomainError(.conflict, field: "", "stale")
                }
                return [try ImportRecordTests.addCustomer("mine", on: latest, catalog: catalog, seed: 2).0]
            })
            #expect(decidedOn == [inTheNextSegment - 1, inTheNextSegment])
            #expect(last == inTheNextSegment + 1)
            #expect(writer.decisionsBeforeTheLock == DecisionsBeforeTheLock(declined: 1))
            writer.close()
            other.close()
        }
    }

    /// A change with mail stages it under the write lock only: another writer holding the
    /// lock removes staged mail of changes not in the journal (`Outbox.settle`), so mail
    /// staged before the lock could be gone when its change is written.
    @Test func aChangeWithMailIsStagedOnlyUnderTheWriteLock() throws {
        try withTemporaryDirectory { dir in
            let (workspace, ana, northwind) = try OutboxDurabilityTests.demo(dir)
            let store = try #require(workspace.fileStore)
            var stagedBeforeTheLock: [String]?
            store.beforeTakingTheLockForTesting = {
                stagedBeforeTheLock = OutboxDurabilityTests.files(in: workspace.outbox.stagingDirectory)
            }
            let draft = try OutboxDurabilityTests.request(northwind, as: ana, in: workspace)
            #expect(stagedBeforeTheLock == [], "nothing staged before the lock")
            #expect(try OutboxDurabilityTests.mail(for: draft, in: workspace.outbox) != nil, "the mail is in the outbox")
            #expect(store.decisionsBeforeTheLock.declined == 1,
                    "the decision with mail was made under the lock: \(store.decisionsBeforeTheLock)")
            workspace.close()
        }
    }
}
