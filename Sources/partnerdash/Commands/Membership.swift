import ArgumentParser

struct Membership: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stand-in for the Partner Membership Center (outside this program): organization profiles and MPN IDs.",
        discussion: """
            Enrollment links an MPN ID from a profile registered here; the review checks it is active and in the tenant's country.

            Examples:
              partnerdash membership list --pmc-user mia@fabrikam.example
            """,
        subcommands: [MembershipList.self, MembershipAdd.self],
        defaultSubcommand: MembershipList.self)
}
