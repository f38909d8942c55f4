import ArgumentParser

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export as CSV with the Partner Center's field names.",
        discussion: """
            Examples:
              partnerdash export customers --output customers.csv
              partnerdash export customers --json
            """,
        subcommands: [ExportCustomers.self], defaultSubcommand: ExportCustomers.self)
}
