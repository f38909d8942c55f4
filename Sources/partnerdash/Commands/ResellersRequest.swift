import ArgumentParser
import PartnerCore

struct ResellersRequest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Request a partnership: email an invitation to authorize you as the reseller's indirect provider.",
        discussion: """
            The reseller must be enrolled and active. The email is written to the workspace's outbox; its \
            personalized link is printed too. The reseller's admin accepts with `partnerdash accept LINK --authorize`.

            Examples:
              partnerdash resellers request --reseller Fabrikam
              partnerdash resellers request --reseller 4999002 --print-draft
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The reseller: MPN ID, tenant domain or name.", valueName: "reseller"))
    var reseller: String

    @Option(help: ArgumentHelp("Send to this address instead of the reseller's primary contact.", valueName: "email"))
    var to: String?

    @OptionGroup var draft: DraftOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let target = try workspace.model.findAccount(reseller, kind: .indirectReseller, field: "reseller")
        try draft.send(.reseller(target.id), to: to, workspace: workspace, as: me, output: session.output)
    }
}
