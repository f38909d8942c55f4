import ArgumentParser
import PartnerCore

struct MembershipAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Register an organization profile with an MPN ID (creates the workspace if needed).",
        discussion: """
            Examples:
              partnerdash membership add --mpn 4999002 --name "Fabrikam Solutions" --country US --pmc-user mia@fabrikam.example
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The MPN ID (6–7 digits).") var mpn: String
    @Option(help: "The organization's name.") var name: String
    @Option(help: "The profile's country (ISO 3166-1 alpha-2).") var country: String
    @Option(help: "The PMC user name that signs in to this profile.") var pmcUser: String
    @OptionGroup var address: AddressOptions
    @Flag(help: "The profile is not active (enrollment with it is rejected).") var inactive = false
    @Flag(help: "The organization is already enrolled in CSP (`enroll --already-enrolled`).") var cspEnrolled = false

    mutating func run() throws {
        let session = Session(global)
        let profile = MembershipProfile(mpnId: mpn, organizationName: name, country: country, pmcUserName: pmcUser,
                                        isActive: !inactive, isCSPEnrolled: cspEnrolled,
                                        address: address.postalAddress(country: country))
        _ = try session.executeCreating(as: .enrollee) { _ in .registerMembershipProfile(profile) }
        if global.json {
            try session.output.emit(profile)
        } else {
            session.output.line("Registered \(name) (MPN ID \(mpn)) for PMC user \(pmcUser)")
        }
    }
}
