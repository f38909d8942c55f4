import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// A writer reads what others appended before it takes the write lock (so that it holds
/// the lock for less), and again under the lock: a record appended between the two is
/// still read, and the change is decided on it.
struct CatchUpBeforeTheLockTests {
    @Test func aRecordAppendedAfterTheEarlyCatchUpIsReadAndTheChangeRefusedOnIt() throws {
        try withTemporaryDirectory { dir in
            let (writer, other, _, catalog) = try CommandCPUTests.twoStores(dir)
            let (earlier, _) = try ImportRecordTests.addCustomer("earlier", on: other.model, catalog: catalog, seed: 1)
            try other.commit(earlier)
            var between: UInt64?
            writer.beforeTakingTheLockForTesting = {
                #expect(writer.lastSequence == other.lastSequence, "the record already there is read before the lock")
                guard between == nil else { return }
                // After the writer's early read, before its lock: the same tenant domain.
                let (taken, _) = try ImportRecordTests.addCustomer("race", on: other.model, catalog: catalog, seed: 2)
                between = try other.commit(taken)
            }
            var decidedAt: UInt64?
            var refusal: DomainError?
            do {
                try writer.commit(deciding: { latest in
                    decidedAt = latest.lastSequence
                    return [try ImportRecordTests.addCustomer("race", on: latest, catalog: catalog, seed: 3).0]
                })
            } catch let error as DomainError {
                refusal = error
            }
            #expect(between != nil && decidedAt == between, "decided on the record appended before the lock was taken")
            #expect(refusal?.message.contains("race") == true, "refused by the domain rule: \(String(describing: refusal))")
            writer.beforeTakingTheLockForTesting = nil
            #expect(writer.model == other.model)
            // Nothing of the refused change was written; the next change follows the other's.
            let (next, _) = try ImportRecordTests.addCustomer("next", on: writer.model, catalog: catalog, seed: 4)
            #expect(try writer.commit(next) == (between ?? 0) + 1)
            writer.close()
            other.close()
        }
    }
}
