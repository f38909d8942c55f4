import ArgumentParser

struct Partnerdash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partnerdash",
        abstract: "A terminal Partner Dashboard for the two-tier Cloud Solution Provider model.",
        discussion: """
            Without a subcommand, opens the dashboard. Every command works on one workspace \
            (--data, PARTNERDASH_DATA) as one user (--as, PARTNERDASH_USER). Refusals exit 1 with one \
            line naming the field, usage errors exit 2, workspace errors exit 3.

            Start with `partnerdash demo`, then `partnerdash accounts` to see who can sign in.
            """,
        version: "0.1.0",
        subcommands: [Dashboard.self, Init.self, Demo.self, Gen.self, Check.self, OutboxCommand.self, Repair.self, Copy.self, Roles.self, Accounts.self, WhoAmI.self,
                      Offers.self],
        groupedSubcommands: [
            CommandGroup(name: "Indirect provider", subcommands: [
                Listing.self, Resellers.self, Customers.self, Orders.self, Subscriptions.self,
            ]),
            CommandGroup(name: "Indirect reseller", subcommands: [Enroll.self, Providers.self]),
            CommandGroup(name: "Both", subcommands: [
                Invitations.self, Accept.self, Users.self, Profile.self, Log.self, Export.self,
            ]),
            CommandGroup(name: "Outside the program", subcommands: [Membership.self]),
        ],
        defaultSubcommand: Dashboard.self)
}
