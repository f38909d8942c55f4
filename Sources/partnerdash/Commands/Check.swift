import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify the workspace's files (journal frames, snapshots, permissions), then replay it and check the model.",
        discussion: """
            Reads every journal record and snapshot without changing anything or taking any lock (so it runs beside \
            open dashboards and commands), replays them and checks the model's invariants. Prints a Model digest \
            (SHA-256 of the model's contents) that equals in every process that has read the same changes. Exits 0 \
            when all is sound, 3 when a file is damaged or an invariant is broken. For a workspace in PostgreSQL \
            (--data postgresql://…) every journal row is read and checked (sequence, record, actor column), replayed \
            from nothing, and each snapshot stored in the database is compared with the replay.

            Examples:
              partnerdash check
              partnerdash check --data ~/partners --json
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
        let location = try session.location
        if case .postgres(let conninfo, let workspace) = location {
            try checkPostgres(session, location: location, conninfo: conninfo, workspace: workspace)
            return
        }
        let directory = try session.directory(for: "check")
        // The files first, read-only: a damaged journal is reported with its file and
        // offset instead of being refused by the open below.
        let clock = ContinuousClock()
        let start = clock.now
        let files = WorkspaceStore.verify(directory: directory.path)
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
        try report(session, workspace: files.directory, model: model, lines: files.lines, warnings: files.warnings,
                   outbox: Outbox(workspace: directory), read: read)
    }

    /// The journal rows replayed from nothing, each stored snapshot compared with the
    /// replay (`PostgresWorkspaceCheck`), then the model checked as a directory's is.
    private func checkPostgres(_ session: Session, location: DataLocation, conninfo: String, workspace: String) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let check = try PostgresWorkspaceCheck.run(conninfo: conninfo, workspace: workspace)
        let read = clock.now - start
        guard check.isHealthy, let model = check.model else {
            if global.json {
                try session.output.emit(Report(workspace: location.description, lastSequence: check.lastSequence, counts: [:],
                                               files: check.lines, warnings: check.warnings, problems: check.problems,
                                               modelDigest: nil, ok: false))
            } else {
                for line in check.lines + check.problems.map({ "PROBLEM: \($0)" }) { session.output.line(line) }
            }
            throw CLIError("workspace", "\(check.problems.count) problem(s) in the workspace's rows; see above", code: ExitStatus.storage)
        }
        let local = DataLocation.localFilesDirectory(conninfo: conninfo, workspace: workspace, environment: session.environment)
        try report(session, workspace: location.description, model: model, lines: check.lines, warnings: check.warnings,
                   outbox: Outbox(workspace: local), read: read)
    }

    private func report(_ session: Session, workspace: String, model: PartnerModel, lines: [String], warnings: [String],
                        outbox: Outbox, read: Duration) throws {
        let counts = [
            "accounts": model.accounts.count, "users": model.users.count, "customers": model.customers.count,
            "subscriptions": model.subscriptions.count, "orders": model.orders.count,
            "invitations": model.invitations.count, "partnerships": model.partnerships.count,
            "auditRecords": model.auditLog.count, "outboxMessages": outbox.messages().count,
        ]
        // Rule 11's term ends and rule 2's named resellers are checked here, not on open: data
        // written before those rules must still open (see `termEndViolations`, `namedResellerViolations`).
        let problems = model.invariantViolations(catalog: try Session.catalog()) + (try model.termEndViolations())
            + model.namedResellerViolations()
        let digest = try ModelDigest.hex(model)
        // Mail of a saved change waiting under .staging: not damage (any open writes it), but missing from the outbox.
        let unwritten = outbox.unpublished(committed: model).map {
            "the email of saved change \($0.key.sequence) is not in the outbox yet (\(outbox.stagingDirectory.path)/\($0.stagedName)); `partnerdash outbox write` writes it"
        }
        let report = Report(workspace: workspace, lastSequence: model.lastSequence, counts: counts,
                            files: lines, warnings: warnings + unwritten, problems: problems, modelDigest: digest,
                            ok: problems.isEmpty)
        if global.json {
            try session.output.emit(report)
        } else {
            for line in lines { session.output.line(line) }
            for warning in unwritten { session.output.line("WARNING: \(warning)") }
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
