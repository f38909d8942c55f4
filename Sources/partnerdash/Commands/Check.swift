import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the workspace's files (journal frames, snapshots, permissions), then replay it and check the model.",
        discussion: """
            Reads every journal record and snapshot without changing anything or taking any lock (so it runs beside \
            open dashboards and commands), replays them and checks the model's invariants. Prints a Model digest \
            (SHA-256 of the model's contents) that equals in every process that has read the same changes. Exits 0 \
            when all is sound, 3 when a file is damaged or an invariant is broken.
            """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        var workspace: String
        var lastSequence: UInt64
        var counts: [String: Int]
        var files: [String]
        var warnings: [String]
        var problems: [String]
        /// SHA-256 of the model's contents (`ModelDigest`): equal in every process that has read the same changes.
        var modelDigest: String?
        var ok: Bool
    }

    mutating func run() throws {
        let session = Session(global)
        // The files first, read-only: a damaged journal is reported with its file and
        // offset instead of being refused by the open below.
        let clock = ContinuousClock()
        let start = clock.now
        let files = WorkspaceStore.verify(directory: session.directory.path)
        let read = clock.now - start
        guard files.isHealthy, let model = files.model else {
            if global.json {
                try session.output.emit(Report(workspace: files.directory, lastSequence: files.lastSequence, counts: [:],
                                               files: files.lines, warnings: files.warnings, problems: files.problems, modelDigest: nil,
                                               ok: false))
            } else {
                for line in files.lines { session.output.line(line) }
            }
            throw CLIError("workspace", "\(files.problems.count) problem(s) in the workspace's files; see above", code: ExitStatus.storage)
        }
        let outbox = Outbox(workspace: session.directory)
        let counts = [
            "accounts": model.accounts.count, "users": model.users.count, "customers": model.customers.count,
            "subscriptions": model.subscriptions.count, "orders": model.orders.count,
            "invitations": model.invitations.count, "partnerships": model.partnerships.count,
            "auditRecords": model.auditLog.count, "outboxMessages": outbox.messages().count,
        ]
        let problems = model.invariantViolations(catalog: try Session.catalog())
        let digest = ModelDigest.hex(model)
        let report = Report(workspace: files.directory, lastSequence: model.lastSequence, counts: counts,
                            files: files.lines, warnings: files.warnings, problems: problems, modelDigest: digest,
                            ok: problems.isEmpty)
        if global.json {
            try session.output.emit(report)
        } else {
            for line in files.lines { session.output.line(line) }
            session.output.line("Workspace \(report.workspace): read and replayed in \(Dates.duration(read)), \(model.lastSequence) changes")
            var table = Table([Table.Column("What"), Table.Column("Count", right: true)])
            for key in counts.keys.sorted() { table.add([key, String(counts[key] ?? 0)]) }
            session.output.table(table)
            session.output.line("Model digest: \(digest)")
            if problems.isEmpty {
                session.output.line("Model invariants: all hold")
            } else {
                for problem in problems { session.output.line("PROBLEM: \(problem)") }
            }
        }
        if !problems.isEmpty {
            throw CLIError("workspace", "\(problems.count) invariant(s) broken; see above", code: ExitStatus.storage)
        }
    }
}
