import ArgumentParser
import PartnerCore

struct ProvidersInviteCustomers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite-customers",
        abstract: "Invite new customers: ask a customer to make you and your provider its resellers of record.",
        discussion: """
            Your provider needs a reseller relationship with your customers to submit orders for them.

            Examples:
              partnerdash providers invite-customers --provider "Contoso Distribution" --email it@alpineski.example --as mia
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Your indirect provider (MPN ID, domain or name).", valueName: "provider")) var provider: String
    @Option(help: "The customer's email address.") var email: String
    @OptionGroup var draft: DraftOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let found = try workspace.model.findAccount(provider, kind: .indirectProvider, field: "provider")
        try draft.send(.customerWithProvider(email: email, provider: found.id), workspace: workspace, as: me,
                       output: session.output)
    }
}
