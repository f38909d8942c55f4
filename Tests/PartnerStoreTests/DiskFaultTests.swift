#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// The disk fails the N-th file system call of a workload, for every N, in each way a disk
/// fails. Every time: nothing the failure touched is acknowledged, a failed journal write or
/// sync turns the store read-only and nothing is written to the journal after it
/// (fsyncgate: a second fsync may "succeed" over lost pages), and a reopen without the fault
/// shows exactly what the store acknowledged: every acknowledged change and no other.
struct DiskFaultTests {
    /// How the disk fails, and which of the workload's calls it is tried on.
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case eio = "EIO on every call"
        case enospc = "ENOSPC on every call"
        case shortWrite = "a short write, then a full disk"
        case failedSync = "a failed fsync or fdatasync"

        var testDescription: String { rawValue }

        var calls: Set<FaultPlan.Call> {
            switch self {
            case .eio, .enospc: Set(FaultPlan.Call.allCases)
            case .shortWrite: [.write]
            case .failedSync: [.sync]
            }
        }

        var fault: FaultPlan.Fault {
            switch self {
            case .eio, .failedSync: .error(EIO)
            case .enospc: .error(ENOSPC)
            case .shortWrite: .shortWrite
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func everyCallOfTheWorkloadFailedInTurnLosesNothingAndAcknowledgesNothingRefused(kind: Kind) throws {
        try withTemporaryDirectory { dir in
            let original = URL(fileURLWithPath: dir.file("original"))
            try Workload.create(at: original)
            let counting = FaultPlan.counting()
            let clean = try Workload.run(on: try copy(original, in: dir, as: "counted"), plan: counting)
            #expect(clean.refusals.isEmpty, "the workload without faults: \(clean.refusals)")
            let total = counting.callsMade.filter { kind.calls.contains($0.call) }.count
            // Opens, commits with and without mail, two checkpoints (each a new segment, the second deleting one).
            #expect(total >= (kind.calls.count == 1 ? 8 : 80), "only \(total) calls: the workload is not representative")

            for number in 1...total {
                let directory = try copy(original, in: dir, as: "run-\(number)")
                let plan = FaultPlan(failing: kind.calls, with: kind.fault, onlyNumber: number)
                let outcome = try Workload.run(on: directory, plan: plan)
                let injected = try #require(plan.injected, "call \(number) of \(total) was never made")
                let context = "\(kind.rawValue) in call \(number) of \(total), \(injected)"
                // What the store acknowledged is on disk, and nothing it refused.
                let reopened = try Workspace.open(at: directory, catalog: Workload.catalog)
                #expect(reopened.model.lastSequence == outcome.acknowledged.lastSequence, "\(context)")
                #expect(reopened.model == outcome.acknowledged, "\(context): the reopened model is not what was acknowledged")
                #expect(WorkspaceStore.verify(directory: directory.path).isHealthy, "\(context)")
                reopened.close()
                check(outcome, after: injected, plan: plan, context: context)
                try? FileManager.default.removeItem(at: directory)
            }
        }
    }

    /// Read-only media (every call that would change the disk fails with EROFS): the
    /// workspace opens and reads, a torn tail is read around instead of cut, and a change is
    /// refused saying EROFS; not one byte changes.
    @Test func readOnlyMediaOpenAndReadButRefuseChangesSayingSo() throws {
        try withTemporaryDirectory { dir in
            let directory = URL(fileURLWithPath: dir.file("ws"))
            try Workload.create(at: directory)
            let segment = try #require(try FileSystem.listDirectory(directory.path)
                .last { WorkspaceFileName.journalSequence($0) != nil })
            let segmentPath = FileSystem.join(directory.path, segment)
            let expected = try Workspace.open(at: directory, catalog: Workload.catalog)
            let model = expected.model
            expected.close()
            // A dead writer's unfinished record at the end, which an open would cut under the write lock.
            let torn = try FileSystem.readFile(segmentPath) + [0xD5, 2, 9, 9]
            try PrivateFiles.write(Data(torn), to: URL(fileURLWithPath: segmentPath))
            let before = try contents(of: directory)

            let readOnly = FaultPlan(failing: FaultPlan.Call.changingTheDisk, with: .error(EROFS))
            try FaultPlan.$current.withValue(readOnly) {
                let workspace = try Workspace.open(at: directory, catalog: Workload.catalog)
                defer { workspace.close() }
                #expect(workspace.model == model)
                #expect(try workspace.refresh() == false)
                let reason = try #require(workspace.backend.readOnlyReason)
                #expect(reason.contains("EROFS") && reason.contains(segmentPath), "\(reason)")
                let ana = try #require(workspace.model.users.values.first { $0.userPrincipalName.hasPrefix("ana@") })
                let error = #expect(throws: StoreError.self) {
                    try workspace.execute(.addUser(displayName: "Dana Ruiz", userPrincipalName: "dana", roles: [.salesAgent]),
                                          as: .user(ana.id))
                }
                #expect(error == .readOnly(reason: reason))
                #expect(workspace.model == model)
            }
            #expect(try contents(of: directory) == before, "read-only media were written to")
        }
    }

    private func contents(of directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let url = directory.appendingPathComponent(name)
            if !FileSystem.isDirectory(url.path) { files[name] = try Data(contentsOf: url) }
        }
        return files
    }

    /// A refused change was not applied (or, when only its mail failed, it was journaled
    /// first); a failed journal write or sync leaves the store read-only, saying why, with
    /// no later write to the journal.
    private func check(_ outcome: Workload.Outcome, after injected: FaultPlan.Made, plan: FaultPlan, context: String) {
        let journalFile = injected.path.split(separator: "/").last?.hasPrefix("journal-") == true
        guard journalFile, injected.call == .write || injected.call == .sync else { return }
        guard outcome.opened else { return }
        let reason = outcome.readOnlyReason ?? ""
        #expect(reason.contains(injected.path), "\(context): not read-only, or the reason does not name the file: \(reason)")
        #expect(outcome.acknowledgedAfterFailure == 0, "\(context): \(outcome.acknowledgedAfterFailure) change(s) acknowledged after it")
        let made = plan.callsMade
        if let failedAt = made.firstIndex(of: injected) {
            let later = made[(failedAt + 1)...].filter { $0.call == .write && !$0.faulted && $0.path.contains("/journal-") }
            #expect(later.isEmpty, "\(context): the journal was written after the failure: \(later)")
        }
    }

    private func copy(_ original: URL, in dir: TemporaryDirectory, as name: String) throws -> URL {
        let target = URL(fileURLWithPath: dir.file(name))
        try FileManager.default.copyItem(at: original, to: target)
        return target
    }
}

/// Opening an existing workspace (a snapshot and the journal after it), reading others'
/// changes, commits of different kinds (one that sends mail), and two checkpoints (the
/// second on a thread of its own, as the dashboard takes them): each starts a journal
/// segment and writes a snapshot; the second also prunes the oldest snapshot and deletes
/// the segment the fallback covers.
enum Workload {
    static let catalog = OfferCatalog([Offer(id: "m365-e3", name: "Microsoft 365 E3", minimumQuantity: 1, maximumQuantity: 300,
                                             termDuration: .P1Y, billingCycle: .annual, unitPrice: 33, isAzure: false)])
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    struct Outcome {
        /// Whether the open succeeded.
        var opened = false
        /// The model with every change the store acknowledged applied.
        var acknowledged: PartnerModel
        var refusals: [String] = []
        var readOnlyReason: String?
        /// Changes acknowledged after the first refused one.
        var acknowledgedAfterFailure = 0
    }

    /// A workspace holding one provider, made without faults.
    static func create(at directory: URL) throws {
        var world = WorldBuilder(context: CommandContext(now: now, fresh: SeededFreshValues(seed: 3), catalog: catalog))
        _ = try world.run(.setUpProvider(ProviderSetup(
            legalName: "Contoso Faults", mpnId: "4100001", country: "US", domainPrefix: "contosofaults", address: address,
            primaryContact: PrimaryContact(name: "Ana Lima", email: "ana@contosofaults.example", phone: "+1 555 0100"),
            supportContact: SupportInfo(email: "help@contosofaults.example", phone: "+1 555 0199", url: "https://contosofaults.example"),
            adminDisplayName: "Ana Lima", adminUserName: "ana")), as: .enrollee)
        // Opened from a snapshot and the journal after it, as a workspace in use is.
        let workspace = try Workspace.create(at: directory, catalog: catalog, from: world)
        defer { workspace.close() }
        _ = try workspace.backend.checkpointNow(onlyIfDue: false)
        workspace.now = { now }
        workspace.fresh = SeededFreshValues(seed: 5)
        try workspace.execute(.setUserRoles(user: userId(workspace), roles: [.globalAdmin, .adminAgent]), as: admin(workspace))
    }

    /// Runs every step under `plan`, going on after a failure (the store must refuse what it
    /// can no longer keep); returns what was acknowledged.
    static func run(on directory: URL, plan: FaultPlan) throws -> Outcome {
        let before = try Workspace.open(at: directory, catalog: catalog)
        var outcome = Outcome(acknowledged: before.model)
        before.close()
        FaultPlan.$current.withValue(plan) {
            let workspace: Workspace
            do {
                workspace = try Workspace.open(at: directory, catalog: catalog)
            } catch {
                outcome.refusals.append("open: \(error)")
                return
            }
            defer { workspace.close() }
            outcome.opened = true
            workspace.now = { now }
            workspace.fresh = SeededFreshValues(seed: 11)
            for step in steps {
                let failedBefore = plan.injected != nil
                do {
                    try step(workspace)
                    if failedBefore { outcome.acknowledgedAfterFailure += 1 }
                } catch {
                    outcome.refusals.append("\(error)")
                }
                // A change whose journal append was synced is the store's to keep, even when
                // the mail written after it failed.
                outcome.acknowledged = workspace.model
            }
            outcome.readOnlyReason = workspace.backend.readOnlyReason
        }
        return outcome
    }

    private static let address = PostalAddress(line1: "1 Main Street", city: "Springfield", state: "IL", postalCode: "62701",
                                               country: "US")

    /// As the dashboard takes one: the snapshot written on a thread of its own.
    private static func checkpointInTheBackground(_ workspace: Workspace) throws {
        guard try workspace.backend.startBackgroundCheckpoint() else { return }
        workspace.backend.waitUntilCheckpointWritten()
        _ = try workspace.backend.pollBackgroundCheckpoint()
    }

    private static func userId(_ workspace: Workspace) -> UserID {
        workspace.model.users.values.first { $0.userPrincipalName.hasPrefix("ana@") }!.id
    }

    private static func admin(_ workspace: Workspace) -> Actor { .user(userId(workspace)) }

    private static let steps: [@Sendable (Workspace) throws -> Void] = [
        { _ = try $0.refresh() },
        { try $0.execute(.addUser(displayName: "Dana Ruiz", userPrincipalName: "dana", roles: [.salesAgent]), as: admin($0)) },
        // Sends the verification code by mail.
        { try $0.execute(.enrollReseller(ResellerEnrollment(
            tenant: .create(prefix: "fabrikamfaults"), tenantCountry: "US", pmcUserName: "pmc@fabrikamfaults.example",
            mpnId: "4100002", legalName: "Fabrikam Faults", address: address,
            primaryContact: PrimaryContact(name: "Rita Moreno", email: "rita@fabrikamfaults.example", phone: "+1 555 0101"),
            supportContact: SupportInfo(email: "help@fabrikamfaults.example", phone: "+1 555 0198", url: "https://fabrikamfaults.example"),
            adminDisplayName: "Rita Moreno", adminUserName: "rita", alreadyEnrolledInCSP: false)), as: .enrollee) },
        { _ = try $0.backend.checkpointNow(onlyIfDue: false) },
        { try $0.execute(.addCustomer(NewCustomer(companyName: "Coho Faults", domainPrefix: "cohofaults", firstName: "Cleo",
                                                  lastName: "Park", email: "cleo@cohofaults.example", phone: "+1 555 0142",
                                                  address: address), reseller: nil,
                                  cart: [CartLine(offerId: "m365-e3", quantity: 5)]), as: admin($0)) },
        { try checkpointInTheBackground($0) },
        { try $0.execute(.addUser(displayName: "Eve Stone", userPrincipalName: "eve", roles: [.helpdeskAgent]), as: admin($0)) },
    ]
}
