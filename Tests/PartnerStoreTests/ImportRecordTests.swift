#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// An import is one journal record (type 4): a crash anywhere in its write keeps all of its
/// rows or none, and another process reads it whole, with every row's audit record.
struct ImportRecordTests {
    /// `count` new customers in the export's own columns, each with its own tenant.
    static func customersCSV(_ count: Int, prefix: String = "imported") -> String {
        let header = CustomerColumn.allCases.map(\.rawValue)
        let rows = (1...count).map { n in
            let values: [CustomerColumn: String] = [
                .companyName: "Imported \(n)", .domain: "\(prefix)\(n).onmicrosoft.com", .firstName: "Ann", .lastName: "Lee",
                .email: "it@\(prefix)\(n).example", .culture: "en-US", .language: "en", .addressLine1: "1 Main St",
                .city: "Seattle", .state: "WA", .postalCode: "98101", .country: "US", .phoneNumber: "+1 425 555 0100",
            ]
            return CustomerColumn.allCases.map { values[$0] ?? "" }
        }
        return ([header] + rows).map(CSV.record).joined()
    }

    static func importedCount(_ model: PartnerModel, prefix: String = "imported") -> Int {
        model.customers.values.filter { $0.companyProfile.domain.hasPrefix(prefix) }.count
    }

    /// The one journal segment's path (the demo workspace has not checkpointed).
    static func segment(_ directory: String) throws -> String {
        let names = try FileSystem.listDirectory(directory).filter { WorkspaceFileName.journalSequence($0) != nil }
        try #require(names.count == 1, "\(names)")
        return FileSystem.join(directory, names[0])
    }

    static func write(_ bytes: ArraySlice<UInt8>, to path: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
    }

    /// The demo world in a workspace at `dir/ws`, its clock pinned to the world's.
    static func demoWorkspace(_ dir: TemporaryDirectory) throws -> (Workspace, URL, OfferCatalog) {
        let url = URL(fileURLWithPath: dir.file("ws"))
        let catalog = try TestWorlds.catalog()
        let workspace = try Workspace.create(at: url, catalog: catalog, from: try TestWorlds.demo())
        workspace.now = { TestWorlds.now }
        return (workspace, url, catalog)
    }

    /// A power cut keeps any prefix of what was written: the journal is cut at every byte
    /// inside the import's record and opened again. Before the import was one record, a cut
    /// between its rows' records kept some of the rows.
    @Test func anImportCutAtAnyByteKeepsNoneOrAllOfItsRows() throws {
        try withTemporaryDirectory { dir in
            let (workspace, url, catalog) = try Self.demoWorkspace(dir)
            let ana = try #require(workspace.model.user(principal: DemoWorld.providerAdmin))
            let segment = try Self.segment(url.path)
            let before = try FileSystem.readFile(segment)
            let sequenceBefore = workspace.model.lastSequence

            let decision = try workspace.importRows(.customers, csv: Self.customersCSV(3), as: .user(ana.id))
            #expect(decision.imported == 3 && Self.importedCount(workspace.model) == 3)
            #expect(workspace.model.lastSequence == sequenceBefore + 1, "one record, one sequence")
            #expect(workspace.model.auditLog.suffix(3).allSatisfy { $0.sequence == sequenceBefore + 1 && $0.operationType == .add_customer })
            let after = try FileSystem.readFile(segment)
            #expect(Array(after.prefix(before.count)) == before)
            let expected = workspace.model
            workspace.close()

            var kept: [Int: Int] = [:]
            for cut in before.count...after.count {
                try Self.write(after[..<cut], to: segment)
                let reopened = try Workspace.open(at: url, catalog: catalog)
                let count = Self.importedCount(reopened.model)
                kept[count, default: 0] += 1
                if cut == after.count {
                    #expect(reopened.model == expected)
                } else {
                    #expect(count == 0, "cut at byte \(cut) of \(after.count) kept \(count) of the 3 rows")
                    #expect(reopened.model.lastSequence == sequenceBefore)
                }
                reopened.close()
            }
            #expect(kept == [0: after.count - before.count, 3: 1], "\(kept)")
        }
    }

    /// Another process reads the import's record in its catch-up, also while the importer
    /// has written it and not yet synced (group commit), and decides after it.
    @Test func anotherWriterReadsTheWholeImportBeforeItIsSynced() throws {
        try withTemporaryDirectory { dir in
            let (importer, url, catalog) = try Self.demoWorkspace(dir)
            let other = try WorkspaceStore.open(directory: url.path, catalog: catalog)
            let before = other.lastSequence
            let importerStore = try #require(importer.fileStore)
            var seenByTheOther: PartnerModel?
            importerStore.beforeSyncForTesting = {
                // Written, not yet synced: the other writer reads the record whole and appends after it.
                try other.commit(deciding: { model in
                    seenByTheOther = model
                    return []
                })
            }
            let ana = try #require(importer.model.user(principal: DemoWorld.providerAdmin))
            try importer.importRows(.customers, csv: Self.customersCSV(4), as: .user(ana.id))
            importerStore.beforeSyncForTesting = nil
            let seen = try #require(seenByTheOther)
            #expect(Self.importedCount(seen) == 4 && seen.lastSequence == before + 1)
            #expect(seen == importer.model)
            #expect(other.model == importer.model)
            let imports = other.model.auditLog.filter { $0.sequence == before + 1 }
            #expect(imports.count == 4 && imports.allSatisfy { $0.newValue.hasSuffix("imported") })
            #expect(other.model.invariantViolations(catalog: catalog).isEmpty)

            // And the other's next change follows it, read by the importer at its refresh.
            let (added, _) = try Self.addCustomer("after", on: other.model, catalog: catalog)
            #expect(try other.commit(added) == before + 2)
            #expect(try importer.refresh())
            #expect(importer.model == other.model)
            importer.close()
            other.close()
            let reopened = try WorkspaceStore.open(directory: url.path, catalog: catalog)
            #expect(reopened.model == importer.model && reopened.recovery.journal.isClean)
        }
    }

    static func addCustomer(_ prefix: String, on model: PartnerModel, catalog: OfferCatalog,
                            seed: UInt64 = 99) throws -> (Transaction, String) {
        let ana = try #require(model.user(principal: DemoWorld.providerAdmin))
        var context = CommandContext(now: TestWorlds.now, fresh: SeededFreshValues(seed: seed), catalog: catalog)
        let decision = try model.decide(.addCustomer(NewCustomer(
            companyName: "Co \(prefix)", domainPrefix: prefix, firstName: "Kim", lastName: "Park", email: "it@\(prefix).example",
            phone: "+1 425 555 0101",
            address: PostalAddress(line1: "1 Main St", city: "Seattle", state: "WA", postalCode: "98101", country: "US")),
            reseller: nil, cart: [CartLine(offerId: "m365-business-basic", quantity: 3)]), as: .user(ana.id), context: &context)
        return (decision.transaction, decision.receipt.customerAdmin?.temporaryPassword ?? "")
    }

    /// The record's layout: a count, then each transaction as record type 3 lays it out; one
    /// user's only; a record of none is malformed.
    @Test func aRecordOfManyTransactionsReadsBackAndIsOneUsers() throws {
        let world = try TestWorlds.demo()
        let byAna = world.transactions.filter { $0.userPrincipalName == DemoWorld.providerAdmin }.prefix(3)
        try #require(byAna.count == 3)
        let entry = ModelCodec.encode(oneRecord: Array(byAna))
        #expect(entry.type == 4 && ModelCodec.transactionsRecordType == 4)
        let record = JournalRecord(sequence: 7, type: entry.type, payload: entry.payload)
        #expect(try ModelCodec.decodeTransactions(record) == Array(byAna))
        #expect(throws: StoreError.self) { try ModelCodec.decodeTransaction(record) }

        var mixed = BinaryWriter()
        let other = try #require(world.transactions.first { $0.userPrincipalName != DemoWorld.providerAdmin })
        mixed.writeArray([byAna.first!, other]) { ModelCodec.write($1, &$0) }
        let refused = #expect(throws: StoreError.self) {
            try ModelCodec.decodeTransactions(JournalRecord(sequence: 8, type: 4, payload: mixed.finish()))
        }
        #expect("\(String(describing: refused))".contains("mixes the transactions of"))
        var none = BinaryWriter()
        none.writeArray([Transaction]()) { ModelCodec.write($1, &$0) }
        #expect(throws: StoreError.self) { try ModelCodec.decodeTransactions(JournalRecord(sequence: 9, type: 4, payload: none.finish())) }
    }
}
