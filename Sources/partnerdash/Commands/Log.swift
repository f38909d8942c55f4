import ArgumentParser
import PartnerCore

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The activity log: every change your account may see, newest first, with who made it.",
        discussion: """
            Examples:
              partnerdash log --limit 20
              partnerdash log --operation add_customer --csv --output activity.csv
              partnerdash log --customer "Alpine Ski" --json
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var filters: AuditFilterOptions

    @Flag(help: "Print the records as CSV (the Activity log page's export), honouring the filters.") var csv = false

    @Option(help: ArgumentHelp("Write the CSV (or with --json, the JSON) to this file (created 0600) instead of stdout.",
                               valueName: "file"))
    var output: String?

    func validate() throws {
        if csv, global.json { throw ValidationError("--csv and --json ask for two formats: choose one") }
    }

    mutating func run() throws {
        let session = Session(global)
        // The records name customers by id: unless a customer is looked up by name or the
        // CSV names them, the snapshot's customers, orders and subscriptions stay unread
        // (with the audit log's chunks left in the file too, the open reads the small
        // sections and walks the log).
        let readsOnlyTheLog = filters.customer == nil && !csv && output == nil
        let (workspace, me) = try session.start(deferring: readsOnlyTheLog ? [.ordersAndSubscriptions, .customers] : [])
        let model = workspace.model
        let filter = try filters.filter(in: model, for: me)
        let records = try model.auditRecords(visibleTo: me.account.id, filter: filter)
        if global.json {
            try session.output.emit(records, to: output, what: "\(records.count) record(s)")
            return
        }
        if csv || output != nil {
            // `export log`'s CSV: one export, whichever command asks.
            let table = try model.export(.activityLog(visibleTo: me.account.id, filter: filter), catalog: workspace.catalog,
                                     now: workspace.now())
            try ExportOptions.write(table.text(.csv), what: "\(table.count) record(s)", to: output, session: session)
            return
        }
        var table = Table([Table.Column("#", right: true), Table.Column("When (UTC)"), Table.Column("User"),
                           Table.Column("Operation"), Table.Column("Resource"), Table.Column("Change")])
        for r in records {
            let change = r.oldValue.isEmpty ? r.newValue : "\(r.oldValue) → \(r.newValue)"
            table.add([String(r.sequence), Dates.minute(r.operationDate), r.userPrincipalName, r.operationType.rawValue,
                       r.resourceName, change])
        }
        session.output.table(table, empty: "No activity matches.")
    }
}
