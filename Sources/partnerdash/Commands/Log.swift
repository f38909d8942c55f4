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

    @Option(help: ArgumentHelp("Only changes by this user (user principal name).", valueName: "user"),
            completion: WorkspaceCompletion.users)
    var user: String?

    @Option(help: ArgumentHelp("Only this operation, e.g. add_customer, create_order, update_subscription.",
                               valueName: "type"))
    var operation: OperationType?

    @Option(help: ArgumentHelp("Only changes to this customer (id, domain or name).", valueName: "customer"),
            completion: WorkspaceCompletion.customers)
    var customer: String?

    @Option(help: "Show at most this many records.") var limit: Int?

    @Flag(help: "Print the records as CSV (the Activity log page's export), honouring the filters.") var csv = false

    @Option(help: ArgumentHelp("Write the CSV (or with --json, the JSON) to this file (created 0600) instead of stdout.",
                               valueName: "file"))
    var output: String?

    func validate() throws {
        if csv, global.json { throw ValidationError("--csv and --json ask for two formats: choose one") }
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let model = workspace.model
        let customerId = try customer.map { try model.findCustomer($0, visibleTo: me.account.id).id }
        // A customer who consented is not a user: their email is matched as given.
        let userName = user.map { (try? model.findUser($0).userPrincipalName) ?? $0 }
        let records = model.auditRecords(visibleTo: me.account.id, filter: AuditFilter(
            userPrincipalName: userName, operationType: operation, customerId: customerId, limit: limit))
        if global.json {
            try session.output.emit(records, to: output, what: "\(records.count) record(s)")
            return
        }
        if csv || output != nil {
            try CSVOutput.write(AuditLogCSV.rows(records), to: output, what: "\(records.count) record(s)", session: session)
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
