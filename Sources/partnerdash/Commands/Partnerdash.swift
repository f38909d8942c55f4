import ArgumentParser
import Foundation

struct Partnerdash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partnerdash",
        abstract: "A terminal Partner Dashboard for the two-tier Cloud Solution Provider model.",
        discussion: """
            Without a subcommand, opens the dashboard. Every command works on one workspace \
            (--data, PARTNERDASH_DATA) as one user (--as, PARTNERDASH_USER); these and the other \
            global options may stand before or after the subcommand. Refusals exit 1 with one \
            line naming the field (a JSON object on stderr with --json), usage errors exit 2, \
            workspace errors exit 3. docs/SCRIPTING.md has the details.

            Start with `partnerdash demo`, then `partnerdash accounts` to see who can sign in.

            Examples:
              partnerdash demo
              partnerdash --as ana customers list
              partnerdash customers list --reseller Fabrikam --json
            """,
        version: "0.1.0",
        subcommands: [Dashboard.self, Init.self, Demo.self, Gen.self, Check.self, OutboxCommand.self, Repair.self, Copy.self, Batch.self, Roles.self, Accounts.self, WhoAmI.self,
                      Offers.self, ConfigCommand.self],
        groupedSubcommands: [
            CommandGroup(name: "Indirect provider", subcommands: [
                Listing.self, Resellers.self, Customers.self, Orders.self, Subscriptions.self,
            ]),
            CommandGroup(name: "Indirect reseller", subcommands: [Enroll.self, Providers.self]),
            CommandGroup(name: "Both", subcommands: [
                Invitations.self, Accept.self, Users.self, Profile.self, Log.self, Export.self, Import.self,
            ]),
            CommandGroup(name: "Outside the program", subcommands: [Membership.self]),
        ],
        defaultSubcommand: Dashboard.self)

    /// Read here, at the root, wherever they stand on the line; every subcommand's own
    /// `@OptionGroup var global` receives these same values.
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try Invocation.adopt(global, environment: ProcessInfo.processInfo.environment)
    }
}
