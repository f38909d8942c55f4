import PartnerCore

/// The result of `WorkspaceStore.verify`: read-only, it changes nothing.
public struct WorkspaceReport: Sendable, Equatable {
    public var directory: String
    public var files: [WorkspaceFile] = []
    public var journalSegments = 0
    public var journalRecords = 0
    /// The oldest and newest sequence numbers still in the journal.
    public var firstSequence: UInt64 = 0
    public var lastSequence: UInt64 = 0
    /// The snapshot an open would load.
    public var snapshotSequence: UInt64?
    /// Things that stop the workspace from opening or lose data.
    public var problems: [String] = []
    /// Things an open repairs or works around, and loose permissions.
    public var warnings: [String] = []
    /// The model the files hold (snapshot plus journal), when they could be read whole:
    /// `check` tests its invariants without opening the workspace a second time.
    public var model: PartnerModel?

    public var isHealthy: Bool { problems.isEmpty }

    /// A human summary, one fact per line.
    public var lines: [String] {
        var lines = ["workspace \(directory)"]
        for file in files {
            lines.append("  \(file.name)  \(file.size) bytes  mode \(String(file.mode, radix: 8))")
        }
        lines.append("journal: \(journalSegments) segment(s), \(journalRecords) record(s), sequences \(firstSequence)…\(lastSequence)")
        lines.append("snapshot: " + (snapshotSequence.map { "covers up to sequence \($0)" } ?? "none"))
        for warning in warnings { lines.append("warning: \(warning)") }
        for problem in problems { lines.append("problem: \(problem)") }
        lines.append(isHealthy ? "ok" : "\(problems.count) problem(s)")
        return lines
    }
}
