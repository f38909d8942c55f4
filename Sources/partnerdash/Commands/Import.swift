import ArgumentParser
import Foundation
import PartnerCore
import PartnerWorkspace

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import customers or subscriptions from the export's own CSV (all rows checked first; all or nothing, one journal record).",
        discussion: """
            Examples:
              partnerdash import customers customers.csv
              partnerdash export subscriptions --data old | partnerdash import subscriptions - --data new
            """,
        subcommands: [ImportCustomers.self, ImportSubscriptions.self])
}

/// One resource's import: the file, read whole, decided and committed by the workspace.
protocol ImportCommand: ParsableCommand {
    var global: GlobalOptions { get }
    var options: ImportOptions { get }
    static var resource: ImportResource { get }
}

struct ImportOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The CSV file (UTF-8, a header row naming the columns; a byte-order mark is fine), or - for stdin.",
                                 valueName: "file"), completion: .file(extensions: ["csv"]))
    var file: String

    @Flag(help: "Import the good rows and report the bad ones (by default one bad row refuses the whole file).")
    var skipBadRows = false

    /// The file's text; a file that cannot be read or is not UTF-8 is refused naming it.
    func text() throws -> String {
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CLIError("file", "\(file) cannot be read: \((error as NSError).localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("file", "\(file) is not UTF-8 text") }
        return text
    }
}

/// What `--json` prints: how many rows were imported and the rows skipped.
private struct ImportSummary: Encodable {
    struct Skipped: Encodable {
        var line: Int, field: String, message: String, rule: Int?
    }

    var imported: Int
    var skipped: [Skipped]
}

extension ImportCommand {
    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let text = try options.text()
        let decision = try Invocation.timed("import") {
            try workspace.importRows(Self.resource, csv: text, as: me.actor, skippingBadRows: options.skipBadRows)
        }
        Session.snapshotIfDue(workspace)
        let imported = decision.imported
        if global.json {
            return try session.output.emit(ImportSummary(imported: imported, skipped: decision.problems.map {
                .init(line: $0.line, field: $0.field, message: $0.message, rule: $0.rule)
            }))
        }
        for problem in decision.problems { session.output.note("skipped \(problem)") }
        session.output.line("Imported \(imported) \(Self.resource.rawValue.dropLast())(s)"
            + (decision.problems.isEmpty ? "" : "; skipped \(decision.problems.count) bad row(s)"))
    }
}

struct ImportCustomers: ImportCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Import customers (the columns of export customers); each keeps its id.",
        discussion: """
            Every row is checked as customers add checks it (rules 2 and 4: fields, a free tenant domain, the reseller
            by its MPN ID in associatedPartnerId). A bad row is reported as line N: column: message.

            Examples:
              partnerdash import customers customers.csv
              partnerdash import customers - --skip-bad-rows < customers.csv
            """)
    static let resource = ImportResource.customers

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
}

struct ImportSubscriptions: ImportCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions", abstract: "Import subscriptions of existing customers (the columns of export subscriptions).",
        discussion: """
            Every row is checked as orders add checks it (rules 2, 6 and 8: your customer, an offer of the catalog, licenses
            in its range, the partner of record by its MPN ID). Each keeps its id, dates, status and order id. A partner of
            record or support contact in a partnership with you that is not yet a reseller of record of the customer
            becomes one (the customers file has no column for resellers the customer authorized later).

            Examples:
              partnerdash import subscriptions subscriptions.csv
              partnerdash import subscriptions subscriptions.csv --json
            """)
    static let resource = ImportResource.subscriptions

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions
}
