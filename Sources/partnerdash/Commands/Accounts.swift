import ArgumentParser
import PartnerCore

struct Accounts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the workspace's accounts and users: who can sign in (--as), with their roles.",
        discussion: """
            Examples:
              partnerdash accounts
              partnerdash accounts --json
            """)

    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        let session = Session(global)
        let model = try session.open(deferring: .allButCustomersAndPartners).model
        let accounts = model.accounts.values.sorted {
            ($0.kind.rawValue, $0.legalName.lowercased()) < ($1.kind.rawValue, $1.legalName.lowercased())
        }
        if global.json {
            try session.output.emit(accounts.map { account in
                AccountSummary(account, users: model.users(of: account.id))
            })
            return
        }
        var table = Table("Account", "Kind", "MPN ID", "Enrollment", "User", "Roles")
        for account in accounts {
            let users = model.users(of: account.id)
            for (i, user) in users.enumerated() {
                table.add(i == 0 ? [account.legalName, account.kind.label, account.mpnId, account.enrollment.label]
                              + [user.userPrincipalName, user.rolesLabel]
                          : ["", "", "", "", user.userPrincipalName, user.rolesLabel])
            }
        }
        session.output.table(table)
    }
}
