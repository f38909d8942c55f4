import ArgumentParser

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export as CSV with the Partner Center's field names.",
        subcommands: [ExportCustomers.self], defaultSubcommand: ExportCustomers.self)
}
