import ArgumentParser
import PartnerCore

struct ListingRefresh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Apply the profile change requests that Microsoft has completed by now (two weeks or more old).",
        discussion: """
            Examples:
              partnerdash listing refresh --as ana
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        try Session.execute(.completeDueProfileChangeRequests, as: me.actor, in: workspace)
        if global.json {
            try session.output.emit(workspace.model.listings[me.account.id] ?? [])
        } else {
            session.output.line("Listing updated:")
            var table = Table("Country", "Company name", "Logo", "Target URL")
            for l in workspace.model.listings[me.account.id] ?? [] { table.add([l.country, l.companyName, l.logoURL, l.targetURL]) }
            session.output.table(table)
        }
    }
}
