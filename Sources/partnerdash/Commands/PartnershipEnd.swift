import ArgumentParser
import PartnerCore

/// `resellers end` and `providers end`: either side of a partnership ends it.
struct ResellersEnd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end", abstract: "End the partnership with a reseller.",
        discussion: PartnershipEnding.discussion + """


            Examples:
              partnerdash resellers end --reseller Fabrikam --as ana
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The reseller: MPN ID, tenant domain or name.", valueName: "reseller"))
    var reseller: String

    mutating func run() throws {
        try PartnershipEnding.run(partner: reseller, kind: .indirectReseller, field: "reseller", global: global)
    }
}

struct ProvidersEnd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end", abstract: "End the partnership with an indirect provider.",
        discussion: PartnershipEnding.discussion + """


            Examples:
              partnerdash providers end --provider "Contoso Distribution" --as mia
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The provider: MPN ID, tenant domain or name.", valueName: "provider"))
    var provider: String

    mutating func run() throws {
        try PartnershipEnding.run(partner: provider, kind: .indirectProvider, field: "provider", global: global)
    }
}

enum PartnershipEnding {
    static let discussion = """
        The provider can no longer add customers or order for the reseller, nor name it partner of record or \
        support contact. Customers the two share keep both as resellers of record. The other side is told by \
        email (the workspace's outbox). The provider may request a new partnership later.
        """

    static func run(partner: String, kind: PartnerAccount.Kind, field: String, global: GlobalOptions) throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let target = try workspace.model.findAccount(partner, kind: kind, field: field)
        let receipt = try Session.execute(.endPartnership(partner: target.id), as: me.actor, in: workspace).receipt
        if global.json {
            try session.output.emit(receipt.createdId.flatMap { workspace.model.partnerships[$0] })
        } else {
            session.output.line(receipt.message)
        }
    }
}
