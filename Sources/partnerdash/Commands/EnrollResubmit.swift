import ArgumentParser
import PartnerCore

struct EnrollResubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resubmit", abstract: "Put a rejected enrollment back under review.",
        discussion: """
            After fixing the organization profile in the Partner Membership Center (`membership`), or with \
            another of the organization's MPN IDs (`--mpn-id`), with the legal business name and address that go \
            with it: those given, else the new profile's when the MPN ID changes, else the account's. Then \
            `enroll review`.

            Examples:
              partnerdash enroll resubmit --as mia --mpn-id 4999002
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("mpn-id"), help: "The MPN ID to be reviewed with (default: the one that was rejected).")
    var mpnId: String?
    @Option(help: "Legal business name (default: the new profile's, else the account's).") var legalName: String?
    @OptionGroup var address: AddressOptions

    mutating func run() throws {
        let session = Session(global)
        let (workspace, me) = try session.start()
        let mpn = mpnId ?? me.account.mpnId
        // Another organization profile is another company: its name and address, unless typed.
        let newProfile = mpn == me.account.mpnId ? nil : workspace.model.membershipProfiles[mpn]
        let typed = address.line1.isEmpty ? nil : address.postalAddress(country: me.account.country)
        let command = Command.resubmitEnrollment(account: me.account.id, mpnId: mpn,
                                                 legalName: legalName ?? newProfile?.organizationName,
                                                 address: typed ?? newProfile?.address)
        let receipt = try Session.execute(command, as: me.actor, in: workspace).receipt
        try EnrollStatus.report(workspace.model.accounts[me.account.id], message: receipt.message, session: session)
    }
}
