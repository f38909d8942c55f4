#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore

/// Several `partnerdash-crash-writer --conflicts` processes writing one workspace at once
/// (a directory or a `postgresql://…?workspace=NAME` location): each makes its share of
/// changes chosen to conflict with the others', some are killed with SIGKILL at random
/// moments and started again for the rest of their changes. The tests of concurrent
/// writers in the file mode (PartnerStoreTests) and in PostgreSQL (PartnerWorkspacePostgresTests)
/// both drive them with this, then check the outcome with `problems(in:)` and `digests`.
/// Reads with deadlines, never sleeps.
public final class ConflictingWriters {
    /// One change a writer acknowledged: durable at `sequence`.
    public struct Ack: Equatable, Sendable, CustomStringConvertible {
        public var sequence: UInt64
        /// "quantity" (`key` a subscription, `value` its license count) or "customer" (`key` a tenant domain).
        public var kind: String
        public var key: String
        public var value: String
        public var writer: Int

        public var description: String { "writer \(writer): \(kind) \(key) \(value) at \(sequence)" }
    }

    public let writerPath: String
    public let location: String
    public let writers: Int
    public let changesPerWriter: Int
    public let seed: UInt64
    /// The writers that are killed now and then, after a random number of their lines.
    public var killable: Set<Int>
    /// The writers' environment (nil: the test process's).
    public var environment: [String: String]?
    /// A writer that stops with `error …` is started again for the rest of its changes
    /// (its line kept in `failures`) instead of ending the run.
    public var restartFailedWriters = false

    public private(set) var acks: [Ack] = []
    /// `refused …` lines: a rule refused the change (another writer took the domain first).
    public private(set) var refusals: [String] = []
    /// `gaveup …` lines: other writers kept appending first; nothing was written.
    public private(set) var gaveUp: [String] = []
    /// `unknown …` lines: the connection broke while committing; stored at most once, not acknowledged.
    public private(set) var unknown: [String] = []
    /// `unavailable …` lines: the server did not answer for a while; the writer tried again.
    public private(set) var outages: [String] = []
    /// `error …` lines of writers started again (`restartFailedWriters`).
    public private(set) var failures: [String] = []
    public private(set) var kills = 0
    /// Each slot's running writer, nil once it finished and was reaped.
    public private(set) var children: [ChildProcess?] = []

    private var remaining: [Int]
    private var counted: [Int]
    private var killAt: [Int]
    private var done = Set<Int>()
    private var random: UInt64

    public init(writerPath: String, location: String, writers: Int = 4, changesPerWriter: Int = 250, seed: UInt64,
                killable: Set<Int> = [0, 2]) {
        self.writerPath = writerPath
        self.location = location
        self.writers = writers
        self.changesPerWriter = changesPerWriter
        self.seed = seed
        self.killable = killable
        remaining = [Int](repeating: changesPerWriter, count: writers)
        counted = [Int](repeating: 0, count: writers)
        killAt = [Int](repeating: .max, count: writers)
        random = seed
    }

    deinit {
        for child in children { child?.kill() }
    }

    public var summary: String {
        "seed \(seed): \(acks.count) acknowledged, \(refusals.count) refused, \(gaveUp.count) gave up, "
            + "\(unknown.count) unknown, \(kills) kills, \(failures.count) failed and restarted, \(outages.count) outages"
    }

    /// Starts every writer and reads them until all are done, killing the `killable` ones
    /// at random moments and starting them again. `onProgress` runs between reads (a
    /// test restarts the server there). Throws when the deadline passes or a writer fails
    /// (unless `restartFailedWriters`) or exits without saying why.
    public func run(until deadline: ContinuousClock.Instant, onProgress: () throws -> Void = {}) throws {
        for slot in 0..<writers { children.append(try start(slot)) }
        while done.count < writers {
            guard ContinuousClock.now < deadline else {
                throw ChildProcess.Failure(description: "writers did not finish (\(summary)); remaining \(remaining)")
            }
            for slot in 0..<writers where !done.contains(slot) {
                guard let child = children[slot] else { continue }
                child.read(until: ContinuousClock.now + .milliseconds(20)) { lines in
                    lines.count > self.counted[slot] + 5 || lines.last == "done" || lines.last?.hasPrefix("error") == true
                }
                let failure = consume(slot, child)
                if let failure {
                    child.wait()
                    _ = child.readToEnd(until: ContinuousClock.now + .seconds(10))
                    _ = consume(slot, child)
                    guard restartFailedWriters else {
                        throw ChildProcess.Failure(description: "writer \(slot): \(failure) (\(summary))")
                    }
                    failures.append("writer \(slot): \(failure)")
                    try replace(slot)
                } else if !done.contains(slot), child.reachedEnd {
                    child.wait()
                    throw ChildProcess.Failure(description:
                        "writer \(slot) ended without done or error: \(child.lines.suffix(5)) (\(summary))")
                } else if !done.contains(slot), counted[slot] >= killAt[slot] {
                    // Killed at a random moment: between changes, inside one, or inside a checkpoint.
                    child.kill()
                    child.wait()
                    _ = child.readToEnd(until: ContinuousClock.now + .seconds(10))
                    _ = consume(slot, child)
                    kills += 1
                    try replace(slot)
                }
            }
            try onProgress()
        }
    }

    /// Asks every surviving writer for its digest (after it catches up with the others),
    /// then ends it: each slot's answer line (`digest <hex> <last sequence>`), or why none came.
    public func digests(until deadline: ContinuousClock.Instant) -> [Int: String] {
        var answers: [Int: String] = [:]
        for slot in 0..<writers {
            guard let child = children[slot] else { continue }
            let before = child.lines.count
            guard child.send("digest") else {
                answers[slot] = "writer \(slot) is gone: \(child.lines.suffix(3))"
                continue
            }
            child.read(until: deadline) { lines in
                lines.dropFirst(before).contains { $0.hasPrefix("digest ") || $0.hasPrefix("unavailable ") }
            }
            answers[slot] = child.lines.dropFirst(before).first { $0.hasPrefix("digest ") || $0.hasPrefix("unavailable ") }
                ?? "writer \(slot) did not answer: \(child.lines.suffix(3))"
            child.closeInput()
            child.wait()
            children[slot] = nil
        }
        return answers
    }

    /// What is wrong with `model` (a fresh open of the workspace after the run) given what
    /// the writers acknowledged: an acknowledged change missing, different, or there twice
    /// (two acknowledgements of one sequence, a domain held by two customers), or a gap in
    /// the audit log's sequences. Empty when all is well.
    public func problems(in model: PartnerModel) -> [String] {
        var problems: [String] = []
        var seen = Set<UInt64>()
        for ack in acks where !seen.insert(ack.sequence).inserted {
            problems.append("sequence \(ack.sequence) was acknowledged twice (\(ack))")
        }
        let audit = Dictionary(model.auditLog.map { ($0.sequence, $0) }, uniquingKeysWith: { first, _ in first })
        for ack in acks {
            guard let record = audit[ack.sequence] else {
                problems.append("acknowledged \(ack) is not in the audit log")
                continue
            }
            switch ack.kind {
            case "quantity":
                // The record's new value lists the fields that changed (`quantity: 12`).
                if !record.newValue.components(separatedBy: "; ").contains("quantity: \(ack.value)") {
                    problems.append("acknowledged \(ack) but the record is \(record)")
                }
            case "customer":
                let owners = model.customers.values.filter { $0.companyProfile.domain == ack.key }
                if owners.count != 1 { problems.append("\(ack.key) is held by \(owners.count) customers (\(ack))") }
                if record.customerId != owners.first?.id { problems.append("acknowledged \(ack) but the record is \(record)") }
            default:
                problems.append("unknown kind of change: \(ack)")
            }
        }
        if model.auditLog.map(\.sequence) != Array(1...max(1, model.lastSequence)) || model.lastSequence == 0 {
            problems.append("the audit log's sequences are not 1...\(model.lastSequence) without a gap")
        }
        return problems
    }

    /// `partnerdash-crash-writer`, built into the same products directory as the test bundle.
    public static func writerPath() throws -> String {
        let name = "partnerdash-crash-writer"
        var candidates: [String] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            let executable = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().path)
        }
        candidates.append(Bundle.main.bundleURL.path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path)
        for directory in candidates {
            let path = directory + "/" + name
            if access(path, X_OK) == 0 { return path }
        }
        throw ChildProcess.Failure(description: "\(name) not found next to the test bundle (looked in \(candidates)); build it with `swift build`")
    }

    // MARK: Private

    private func start(_ slot: Int) throws -> ChildProcess {
        counted[slot] = 0
        killAt[slot] = killable.contains(slot) && remaining[slot] > 20 ? 5 + Int(next() % 60) : Int.max
        let arguments = ["--conflicts", location, String(slot), String(remaining[slot]),
                         String(seed &+ UInt64(kills + failures.count))]
        return try ChildProcess.spawn(writerPath, arguments, withInput: true, environment: environment)
    }

    /// After a kill or a failure: the rest of the slot's changes go to a new writer.
    private func replace(_ slot: Int) throws {
        if remaining[slot] > 0 && !done.contains(slot) {
            children[slot] = try start(slot)
        } else {
            children[slot] = nil
            done.insert(slot)
        }
    }

    /// Counts the writer's lines not yet counted; its `error …` line, if one came.
    private func consume(_ slot: Int, _ child: ChildProcess) -> String? {
        var failure: String?
        while counted[slot] < child.lines.count {
            let line = child.lines[counted[slot]]
            counted[slot] += 1
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            switch parts.first ?? "" {
            case "ack":
                let fields = line.split(separator: " ").map(String.init)
                if fields.count == 5, let sequence = UInt64(fields[1]) {
                    acks.append(Ack(sequence: sequence, kind: fields[2], key: fields[3], value: fields[4], writer: slot))
                } else {
                    failure = failure ?? "bad line: \(line)"
                }
                remaining[slot] -= 1
            case "refused":
                refusals.append(line)
                remaining[slot] -= 1
            case "gaveup":
                gaveUp.append(line)
                remaining[slot] -= 1
            case "unknown":
                unknown.append(line)
                remaining[slot] -= 1
            case "unavailable":
                outages.append("writer \(slot): \(line)")
            case "error":
                failure = failure ?? line
            case "done":
                done.insert(slot)
            default:
                break
            }
        }
        return failure
    }

    private func next() -> UInt64 {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
