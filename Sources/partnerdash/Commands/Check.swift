import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the workspace, replay it, and report its counts and whether the model is sound.",
        discussion: "Exits 0 when every invariant holds, 3 when the workspace cannot be read or an invariant is broken.")

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        var workspace: String
        var lastSequence: UInt64
        var counts: [String: Int]
        var problems: [String]
        var ok: Bool
    }

    mutating func run() throws {
        let session = Session(global)
        let clock = ContinuousClock()
        let start = clock.now
        let workspace = try session.open()
        let opened = clock.now - start
        let model = workspace.model
        let counts = [
            "accounts": model.accounts.count, "users": model.users.count, "customers": model.customers.count,
            "subscriptions": model.subscriptions.count, "orders": model.orders.count,
            "invitations": model.invitations.count, "partnerships": model.partnerships.count,
            "auditRecords": model.auditLog.count, "outboxMessages": workspace.outbox.messages().count,
        ]
        let problems = model.invariantViolations()
        let report = Report(workspace: workspace.directory.path, lastSequence: model.lastSequence, counts: counts,
                            problems: problems, ok: problems.isEmpty)
        if global.json {
            try session.output.emit(report)
        } else {
            session.output.line("Workspace \(report.workspace): opened in \(Dates.duration(opened)), \(model.lastSequence) changes")
            var table = Table([Table.Column("What"), Table.Column("Count", right: true)])
            for key in counts.keys.sorted() { table.add([key, String(counts[key] ?? 0)]) }
            session.output.table(table)
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
