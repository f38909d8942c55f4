import ArgumentParser
import PartnerCore

struct ListingRequest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "File a support request to change the listing (completed within two to three weeks).",
        discussion: """
            Name every location the listing should have; the request replaces the whole listing.

            Examples:
              partnerdash listing request --location 'US|Contoso|https://contoso.example/logo.png|https://contoso.example'
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("location"), help: ArgumentHelp(
        "A location as COUNTRY|COMPANY NAME|LOGO URL|TARGET URL, e.g. 'US|Contoso|https://contoso.example/logo.png|https://contoso.example'. Repeat for more.",
        valueName: "country|company|logo-url|target-url"))
    var locations: [String]

    mutating func validate() throws {
        guard !locations.isEmpty else { throw ValidationError("name at least one --location") }
        for location in locations where location.split(separator: "|", omittingEmptySubsequences: false).count != 4 {
            throw ValidationError("--location '\(location)' must have four parts separated by |")
        }
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let parsed = locations.map { text in
            let p = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return ListingLocation(country: p[0], companyName: p[1], logoURL: p[2], targetURL: p[3])
        }
        let receipt = try Session.execute(.submitProfileChangeRequest(parsed), as: me.actor, in: workspace).receipt
        if global.json {
            try session.output.emit(receipt.createdId.flatMap { workspace.model.changeRequests[$0] })
        } else {
            session.output.line(receipt.message)
        }
    }
}
