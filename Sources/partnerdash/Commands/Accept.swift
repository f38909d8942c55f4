import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace

struct Accept: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open an invitation link: see who invites whom for what, then authorize, consent or decline.",
        discussion: """
            A partnership link is answered by an admin of the invited reseller (--as): --authorize is the \
            "I authorize this indirect provider" checkbox. A customer link is answered by the customer: \
            --as-customer EMAIL with --domain (an existing customer) or the company details (a new one).

            Examples:
              partnerdash accept LINK --as mia
              partnerdash accept LINK --as mia --authorize
              partnerdash accept LINK --as-customer it@alpineski.example --domain alpineski.onmicrosoft.com
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The personalized link from the email (partnerdash://invitation/…).", valueName: "link"))
    var link: String

    @Flag(help: "Authorize the indirect provider (partnership links).") var authorize = false
    @Flag(help: "Decline the invitation.") var decline = false

    @Option(help: ArgumentHelp("Answer a customer link as the customer with this email.", valueName: "email"))
    var asCustomer: String?

    @Option(help: ArgumentHelp("The existing customer's tenant domain (customer links).", valueName: "domain"))
    var domain: String?

    @OptionGroup(title: "New customer details (customer links)") var form: NewCustomerOptions

    mutating func validate() throws {
        if authorize && decline { throw ValidationError("give --authorize or --decline, not both") }
    }

    mutating func run() throws {
        let session = Session(global)
        guard let parsed = InvitationLink(parsing: link) else {
            throw CLIError("link", "is not an invitation link (\(InvitationLink.prefix)ID?token=…); paste it exactly as emailed")
        }
        let workspace = try session.open()
        let invitation = try workspace.model.openInvitation(parsed, at: workspace.now())
        // --authorize on a customer link goes the reseller's way, where the domain refuses it (rule 7).
        if asCustomer != nil || (invitation.kind.isForCustomer && !authorize) {
            try answerAsCustomer(invitation, parsed, workspace: workspace, session: session)
        } else {
            try answerAsReseller(invitation, parsed, workspace: workspace, session: session)
        }
    }

    private func answerAsReseller(_ invitation: Invitation, _ link: InvitationLink, workspace: Workspace,
                                  session: Session) throws {
        let me = try session.signIn(workspace)
        let command: Command
        if decline {
            command = .declineInvitation(invitation.id, token: link.token)
        } else if authorize {
            command = .authorizeProvider(invitation: invitation.id, token: link.token, authorized: true)
        } else {
            try describe(invitation, workspace, session.output)
            session.output.note("To confirm, re-run with --authorize (the \"I authorize this indirect provider\" box), "
                + "signed in as an admin of the invited reseller; --decline to decline.")
            return
        }
        let receipt = try Session.execute(command, as: me.actor, in: workspace).receipt
        try report(receipt, invitation: invitation.id, workspace: workspace, output: session.output)
    }

    private func answerAsCustomer(_ invitation: Invitation, _ link: InvitationLink, workspace: Workspace,
                                  session: Session) throws {
        let details = !form.company.isEmpty || !form.domainPrefix.isEmpty
        let command: Command
        switch asCustomer {
        case .some where decline:
            command = .declineInvitation(invitation.id, token: link.token)
        case .some where domain != nil:
            command = .consentToInvitation(invitation.id, token: link.token, customer: .existing(domain: domain ?? ""))
        case .some(let email) where details || !invitation.kind.isForCustomer:
            // A partnership link goes to the domain too, which refuses it for a customer (rule 7).
            command = .consentToInvitation(invitation.id, token: link.token, customer: .new(form.details(defaultEmail: email)))
        default:
            try describe(invitation, workspace, session.output)
            session.output.note("To consent, re-run with --as-customer EMAIL and either --domain EXISTING-DOMAIN (an "
                + "existing customer) or the company details (--company, --domain-prefix, --first-name, …); "
                + "--decline to decline.")
            return
        }
        let receipt = try Session.execute(command, as: .customer(email: asCustomer ?? invitation.email), in: workspace).receipt
        try report(receipt, invitation: invitation.id, workspace: workspace, output: session.output)
    }

    private func report(_ receipt: Receipt, invitation: InvitationID, workspace: Workspace, output: Output) throws {
        if output.json {
            try output.emit(workspace.model.invitations[invitation].map {
                InvitationSummary($0, model: workspace.model, now: workspace.now())
            })
        } else {
            output.line(receipt.message)
        }
    }

    /// Who invites whom for what: the page before the checkbox or the consent.
    private func describe(_ invitation: Invitation, _ workspace: Workspace, _ output: Output) throws {
        let model = workspace.model
        if output.json {
            try output.emit(InvitationSummary(invitation, model: model, now: workspace.now()))
            return
        }
        let from = model.accounts[invitation.fromAccountId]
        let sender = from.map { "\($0.legalName) (\($0.kind.label), MPN ID \($0.mpnId))" } ?? "An unknown partner"
        let fromName = from?.legalName ?? "the sender"
        switch invitation.kind {
        case .partnership:
            output.line("\(sender) invites \(model.partnerName(invitation.toAccountId)) to authorize it as an indirect provider.")
            output.line("Authorizing lets \(fromName) submit orders and add subscriptions for your customers, "
                + "and gives it administrator access to your Azure AD tenant.")
        case .resellerRelationship:
            output.line("\(sender) asks \(invitation.email) to make it a reseller of record, with administrator access "
                + "to manage subscriptions, licenses and users.")
        case .indirectResellerRelationship:
            let provider = model.partnerName(invitation.providerId)
            output.line("\(sender) and its indirect provider \(provider) ask \(invitation.email) to make them resellers "
                + "of record: \(fromName) manages subscriptions, licenses and users; \(provider) can submit orders.")
        }
        output.line("Sent by \(invitation.createdBy) on \(Dates.day(invitation.createdAt)); expires \(Dates.day(invitation.expiresAt)).")
    }
}
