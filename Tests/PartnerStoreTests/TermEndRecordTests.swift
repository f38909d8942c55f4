import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// The terms found ended at one sign-in are journaled as an import is: one record (type 4)
/// of a bounded number of renewals, so a crash keeps all of a record or none of it, and two
/// months away from a large workspace costs a few appends, not one per subscription.
struct TermEndRecordTests {
    static let later = TestWorlds.now.addingTimeInterval(40 * 86_400)

    /// The demo workspace, its clock 40 days after the world was built: its monthly terms ended.
    static func workspaceAfterTheTermsEnded(_ dir: TemporaryDirectory) throws -> (Workspace, URL, User) {
        let (workspace, url, _) = try ImportRecordTests.demoWorkspace(dir)
        workspace.now = { later }
        let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
        return (workspace, url, ana)
    }

    static func records(after sequence: UInt64, in directory: String) throws -> [JournalRecord] {
        try JournalScan.scan(directory: directory, keepingRecordsAfter: sequence).records
    }

    @Test func theTermsDueAtOneSignInAreOneRecord() throws {
        try withTemporaryDirectory { dir in
            let (workspace, url, ana) = try Self.workspaceAfterTheTermsEnded(dir)
            let due = workspace.model.termEnds(dueBy: Self.later, catalog: workspace.catalog)
            try #require(due.count > 2, "the demo has monthly terms")
            let before = workspace.model.lastSequence

            #expect(workspace.recordTermEnds(signingIn: ana) == due.count)
            #expect(workspace.model.lastSequence == before + 1, "one record, one sequence")
            let records = try Self.records(after: before, in: url.path)
            #expect(records.map(\.type) == [4], "\(records.map(\.type))")
            let log = workspace.model.auditLog.suffix(due.count)
            #expect(log.allSatisfy { $0.sequence == before + 1 && $0.userPrincipalName == DemoWorld.providerAdmin })
            #expect(log.map(\.operationType) == due.map { $0.new.status == .expired ? .expire_subscription : .renew_subscription })
            #expect(due.allSatisfy { workspace.model.subscriptions[$0.new.id] == $0.new })
            #expect(workspace.model.termEnds(dueBy: Self.later, catalog: workspace.catalog).isEmpty)
            let expected = workspace.model
            workspace.close()
            #expect(try Workspace.open(at: url, catalog: try TestWorlds.catalog()).model == expected)
        }
    }

    /// A power cut keeps any prefix of what was written: cut inside the renewals' record,
    /// the journal keeps none of them, and the next sign-in records them all again.
    @Test func renewalsCutAnywhereInTheirRecordKeepNoneOfThem() throws {
        try withTemporaryDirectory { dir in
            let (workspace, url, ana) = try Self.workspaceAfterTheTermsEnded(dir)
            let catalog = workspace.catalog
            let segment = try ImportRecordTests.segment(url.path)
            let before = try FileSystem.readFile(segment)
            let sequenceBefore = workspace.model.lastSequence
            let due = workspace.recordTermEnds(signingIn: ana)
            try #require(due > 2)
            let after = try FileSystem.readFile(segment)
            let expected = workspace.model
            workspace.close()

            // Every byte of the record's frame, and a spread of the payload's.
            let inside = before.count..<after.count
            let cuts = Set(inside.prefix(40)).union(inside.suffix(40)).union(stride(from: inside.lowerBound, to: inside.upperBound, by: 97))
            for cut in cuts.sorted() {
                try ImportRecordTests.write(after[..<cut], to: segment)
                let reopened = try Workspace.open(at: url, catalog: catalog)
                #expect(reopened.model.lastSequence == sequenceBefore, "cut at byte \(cut) of \(after.count)")
                #expect(reopened.model.termEnds(dueBy: Self.later, catalog: catalog).count == due, "cut at byte \(cut): none kept")
                reopened.close()
            }
            try ImportRecordTests.write(after[...], to: segment)
            #expect(try Workspace.open(at: url, catalog: catalog).model == expected)
        }
    }

    /// More renewals than one record holds are split, earliest end first, each record whole:
    /// the same model as one record would give, and nothing left due.
    @Test func manyRenewalsAreSplitIntoRecordsOfABoundedSize() throws {
        try withTemporaryDirectory { dir in
            let (workspace, url, ana) = try Self.workspaceAfterTheTermsEnded(dir)
            let due = workspace.model.termEnds(dueBy: Self.later, catalog: workspace.catalog)
            try #require(due.count > 4)
            let before = workspace.model.lastSequence
            let recorder = TermEndRecorder(userPrincipalName: ana.userPrincipalName, accountId: ana.accountId)

            #expect(try workspace.recordTermEnds(at: Self.later, for: recorder, perRecord: 2) == due.count)
            let records = try Self.records(after: before, in: url.path)
            #expect(records.count == (due.count + 1) / 2 && records.allSatisfy { $0.type == 4 })
            #expect(try records.map { try ModelCodec.decodeTransactions($0).count }.allSatisfy { $0 <= 2 })
            #expect(workspace.model.lastSequence == before + UInt64(records.count))
            #expect(due.allSatisfy { workspace.model.subscriptions[$0.new.id] == $0.new })
            let renewed = workspace.model.auditLog.suffix(due.count).map(\.resourceName)
            #expect(renewed == due.map { old, _ in "\(workspace.model.customers[old.customerId]?.name ?? "") · \(old.friendlyName)" },
                    "earliest end first, across the records")
            #expect(workspace.model.termEnds(dueBy: Self.later, catalog: workspace.catalog).isEmpty)
            #expect(workspace.model.invariantViolations(catalog: workspace.catalog).isEmpty)
            let expected = workspace.model
            workspace.close()
            #expect(try Workspace.open(at: url, catalog: try TestWorlds.catalog()).model == expected)
        }
    }

    /// The limit takes the earliest ends: a prefix of the whole list, whatever the limit.
    @Test func aLimitedListIsThePrefixOfTheWholeOne() throws {
        let world = try TestWorlds.demo()
        let catalog = try TestWorlds.catalog()
        let all = world.model.termEnds(dueBy: Self.later, catalog: catalog).map(\.new)
        try #require(all.count > 4)
        for limit in [1, 2, all.count - 1, all.count, all.count + 5] {
            #expect(world.model.termEnds(dueBy: Self.later, catalog: catalog, limit: limit).map(\.new) == Array(all.prefix(limit)))
        }
    }
}
