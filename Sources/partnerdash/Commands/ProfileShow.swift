import ArgumentParser
import PartnerCore

struct ProfileShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show your account's profile.",
        discussion: """
            Examples:
              partnerdash profile show
              partnerdash profile show --json
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let (_, me) = try session.start()
        try Self.print(me.account, output: session.output)
    }

    static func print(_ a: PartnerAccount, output: Output) throws {
        if output.json {
            try output.emit(AccountSummary(a, users: nil))
            return
        }
        output.fields([
            ("Legal name", a.legalName), ("Kind", a.kind.label), ("MPN ID", a.mpnId), ("Country", a.country),
            ("Tenant", a.tenantDomain), ("Address", a.address.singleLine),
            ("Primary contact", "\(a.primaryContact.name) <\(a.primaryContact.email)>, \(a.primaryContact.phone)"),
            ("Support", [a.supportContact.email, a.supportContact.phone, a.supportContact.url].filter { !$0.isEmpty }
                .joined(separator: ", ")),
            ("Enrollment", a.enrollment.label),
        ])
    }
}
