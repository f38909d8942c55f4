import ArgumentParser
import Foundation
import PartnerCore

struct ListingShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the listing's locations and the profile change requests.",
        discussion: """
            Examples:
              partnerdash listing show
              partnerdash listing show --json
            """)

    @OptionGroup var global: GlobalOptions

    struct View: Encodable {
        var locations: [ListingLocation]
        var profileChangeRequests: [ProfileChangeRequest]
    }

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        try me.require(.indirectProvider, for: "the provider listing")
        let model = workspace.model
        let locations = model.listings[me.account.id] ?? []
        let requests = model.changeRequests.values.filter { $0.accountId == me.account.id }
            .sorted { $0.submittedAt > $1.submittedAt }
        if global.json {
            try session.output.emit(View(locations: locations, profileChangeRequests: requests))
            return
        }
        if locations.isEmpty {
            session.output.line("No listing yet: request one with `partnerdash listing request --location …`.")
        } else {
            var table = Table("Country", "Company name", "Logo", "Target URL")
            for l in locations { table.add([l.country, l.companyName, l.logoURL, l.targetURL]) }
            session.output.table(table)
        }
        guard !requests.isEmpty else { return }
        session.output.line()
        session.output.heading("Profile change requests")
        var table = Table("Submitted", "By", "Status", "Expected by", "Locations")
        for r in requests {
            table.add([Dates.day(r.submittedAt), r.submittedBy,
                       r.status == .completed ? "completed \(Dates.day(r.completedAt))" : r.status.rawValue,
                       r.status == .completed ? "—" : Dates.day(r.expectedBy),
                       r.locations.map { "\($0.country): \($0.companyName)" }.joined(separator: "; ")])
        }
        session.output.table(table)
    }
}
