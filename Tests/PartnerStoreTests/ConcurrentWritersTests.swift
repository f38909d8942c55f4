#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerResources
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// Several processes writing one workspace at once: 4 `partnerdash-crash-writer
/// --conflicts` processes × 250 changes chosen to conflict (the same four subscriptions'
/// license counts, new customers from one set of 120 tenant domains), checkpointing
/// often, some killed with SIGKILL at random moments and started again for the rest of
/// their changes. Every acknowledged change must be in the workspace exactly once, every
/// surviving process and a fresh open must hold the same model (digest), and the
/// workspace must verify clean with every invariant holding.
struct ConcurrentWritersTests {
    static let writers = 4
    static let changesPerWriter = 250

    struct Ack: Equatable {
        var sequence: UInt64
        var kind: String
        var key: String
        var value: String
        var writer: Int
    }

    @Test(.timeLimit(.minutes(4)))
    func fourWritersWithKillsLoseNothingAndAgree() throws {
        let writerPath = try CrashTests.writerPath()
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        var random = SeededFreshValues(seed: seed)
        let deadline = ContinuousClock.now + .seconds(200)
        try withTemporaryDirectory { dir in
            let workspace = dir.file("ws")
            let catalog = try Self.catalog()
            let world = try DemoWorld.build(names: Self.names(), catalog: catalog, now: Date(), fresh: SeededFreshValues(seed: 7))
            let created = try Workspace.create(at: URL(fileURLWithPath: workspace), catalog: catalog, from: world)
            created.close()

            var acks: [Ack] = []
            var refusals: [String] = []
            var kills = 0
            // Each slot: the running child, how many changes it still owes, how many lines of it were counted.
            var remaining = [Int](repeating: Self.changesPerWriter, count: Self.writers)
            var children: [ChildProcess?] = []
            var counted = [Int](repeating: 0, count: Self.writers)
            var killAt = [Int](repeating: 0, count: Self.writers)
            func start(_ slot: Int) throws -> ChildProcess {
                counted[slot] = 0
                // Two slots of four get killed now and then, after a random number of their changes.
                killAt[slot] = slot % 2 == 0 && remaining[slot] > 20 ? 5 + Int(random.next() % 60) : Int.max
                return try ChildProcess.spawn(
                    writerPath, ["--conflicts", workspace, String(slot), String(remaining[slot]), String(seed &+ UInt64(kills))],
                    withInput: true)
            }
            for slot in 0..<Self.writers { children.append(try start(slot)) }

            var done = Set<Int>()
            while done.count < Self.writers {
                guard ContinuousClock.now < deadline else {
                    Issue.record("writers did not finish (seed \(seed)); remaining \(remaining)")
                    return
                }
                for slot in 0..<Self.writers where !done.contains(slot) {
                    guard let child = children[slot] else { continue }
                    child.read(until: ContinuousClock.now + .milliseconds(20)) { lines in
                        lines.count > counted[slot] + 5 || lines.last == "done" || lines.last?.hasPrefix("error") == true
                    }
                    for line in child.lines[counted[slot]...] {
                        counted[slot] += 1
                        if line.hasPrefix("ack ") {
                            let parts = line.split(separator: " ").map(String.init)
                            guard parts.count == 5, let sequence = UInt64(parts[1]) else {
                                Issue.record("bad line \(line)")
                                continue
                            }
                            acks.append(Ack(sequence: sequence, kind: parts[2], key: parts[3], value: parts[4], writer: slot))
                            remaining[slot] -= 1
                        } else if line.hasPrefix("refused ") {
                            refusals.append(line)
                            remaining[slot] -= 1
                        } else if line.hasPrefix("error") {
                            Issue.record("writer \(slot): \(line) (seed \(seed))")
                            return
                        } else if line == "done" {
                            done.insert(slot)
                        }
                    }
                    if !done.contains(slot), counted[slot] >= killAt[slot] {
                        // Killed at a random moment: between changes, inside one, or inside a checkpoint.
                        child.kill()
                        child.wait()
                        _ = child.readToEnd(until: ContinuousClock.now + .seconds(10))
                        for line in child.lines[counted[slot]...] {
                            if line.hasPrefix("ack ") {
                                let parts = line.split(separator: " ").map(String.init)
                                if parts.count == 5, let sequence = UInt64(parts[1]) {
                                    acks.append(Ack(sequence: sequence, kind: parts[2], key: parts[3], value: parts[4], writer: slot))
                                }
                                remaining[slot] -= 1
                            } else if line.hasPrefix("refused ") {
                                remaining[slot] -= 1
                            }
                        }
                        kills += 1
                        if remaining[slot] > 0 {
                            children[slot] = try start(slot)
                        } else {
                            children[slot] = nil
                            done.insert(slot)
                        }
                    }
                }
            }
            #expect(kills > 0, "no writer was killed (seed \(seed))")
            print("ConcurrentWritersTests: seed \(seed): \(acks.count) acknowledged, \(refusals.count) refused, \(kills) kills")

            // Every acknowledged change exactly once: one sequence each, and that record is the change.
            let sequences = acks.map(\.sequence)
            #expect(Set(sequences).count == sequences.count, "a sequence was acknowledged twice (seed \(seed))")
            let fresh = try WorkspaceStore.open(directory: workspace)
            defer { fresh.close() }
            let model = fresh.model
            let audit = Dictionary(model.auditLog.map { ($0.sequence, $0) }, uniquingKeysWith: { first, _ in first })
            for ack in acks {
                guard let record = audit[ack.sequence] else {
                    Issue.record("acknowledged \(ack) is not in the audit log (seed \(seed))")
                    continue
                }
                switch ack.kind {
                case "quantity":
                    #expect(record.newValue.hasPrefix("qty \(ack.value),"), "\(ack) vs \(record) (seed \(seed))")
                case "customer":
                    let owners = model.customers.values.filter { $0.companyProfile.domain == ack.key }
                    #expect(owners.count == 1, "\(ack.key) is held by \(owners.count) customers (seed \(seed))")
                    #expect(record.customerId == owners.first?.id, "\(ack) vs \(record) (seed \(seed))")
                default:
                    Issue.record("unknown \(ack)")
                }
            }
            // Conflicts really happened: some domains were refused because another writer had taken them.
            #expect(refusals.contains { $0.contains("already taken") }, "no domain race was lost (seed \(seed))")
            #expect(model.auditLog.map(\.sequence) == Array(1...model.lastSequence), "audit log has gaps (seed \(seed))")

            // Every surviving process and a fresh open hold the same model.
            let expected = ModelDigest.hex(model)
            for slot in 0..<Self.writers {
                guard let child = children[slot] else { continue }
                let before = child.lines.count
                #expect(child.send("digest"))
                let answered = child.read(until: ContinuousClock.now + .seconds(30)) { lines in
                    lines.dropFirst(before).contains { $0.hasPrefix("digest ") }
                }
                #expect(answered, "writer \(slot) did not answer (seed \(seed))")
                let line = child.lines.dropFirst(before).first { $0.hasPrefix("digest ") } ?? ""
                #expect(line == "digest \(expected) \(model.lastSequence)", "writer \(slot) (seed \(seed))")
                child.closeInput()
                child.wait()
            }

            let report = WorkspaceStore.verify(directory: workspace)
            print("ConcurrentWritersTests: \(report.lines.joined(separator: " | ")); damaged: \((try? FileSystem.listDirectory(FileSystem.join(workspace, "damaged"))) ?? [])")
            #expect(report.isHealthy, "\(report.lines) (seed \(seed))")
            #expect(model.invariantViolations(catalog: catalog).isEmpty, "seed \(seed)")
        }
    }

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    static func names() throws -> WorldNames {
        try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    }
}
