import ArgumentParser
import PartnerCore

struct ProvidersFind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find", abstract: "Search the list of official indirect providers (their listings), to find one.",
        discussion: """
            When you find a provider you want to partner with, contact it; it sends you a partnership request, \
            which you authorize on Indirect providers (or with `partnerdash accept LINK --authorize`).

            Examples:
              partnerdash providers find --country US
              partnerdash providers find --json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this country (ISO 3166-1 alpha-2, e.g. US).", valueName: "country"))
    var country: String?

    mutating func run() throws {
        let session = Session(global)
        let (workspace, _) = try session.start()
        if let country, let problem = Validate.country(country.uppercased()) { throw CLIError("country", problem) }
        let entries = workspace.model.providerDirectory(country: country)
        if global.json {
            try session.output.emit(entries)
            return
        }
        var table = Table("Country", "Provider", "Website")
        for entry in entries { table.add([entry.country, entry.companyName, entry.targetURL]) }
        session.output.table(table, empty: country.map { "No provider is listed in \($0.uppercased())." } ?? "No provider is listed yet.")
    }
}
