import ArgumentParser
import PartnerCore

struct MembershipList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List organization profiles, or those a PMC user can select.",
        discussion: """
            Examples:
              partnerdash membership list
              partnerdash membership list --pmc-user mia@fabrikam.example --json
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only the profiles this Partner Membership Center user signs in to.") var pmcUser: String?

    mutating func run() throws {
        let session = Session(global)
        let model = try session.open().model
        let profiles = pmcUser.map { model.membershipProfiles(pmcUser: $0) }
            ?? model.membershipProfiles.values.sorted { $0.mpnId < $1.mpnId }
        if global.json {
            try session.output.emit(profiles)
            return
        }
        var table = Table("MPN ID", "Organization", "Country", "PMC user", "Active", "CSP enrolled")
        for p in profiles {
            table.add([p.mpnId, p.organizationName, p.country, p.pmcUserName, p.isActive ? "yes" : "no", p.isCSPEnrolled ? "yes" : "no"])
        }
        session.output.table(table, empty: "No organization profiles.")
    }
}
