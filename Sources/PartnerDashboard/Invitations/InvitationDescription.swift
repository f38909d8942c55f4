import Foundation
import PartnerCore
import TerminalKit

/// Who invites whom for what, in the reference pages' words: what Indirect
/// providers shows above its checkbox and Open invitation link shows before
/// anyone authorizes or consents.
struct InvitationDescription: Equatable, Sendable {
    /// "Partnership invitation from Contoso Distribution".
    let heading: String
    let sentence: String
    /// "Sent 2026-11-16 · expires 2026-12-16 · by ana@…": the dates first, so a narrow page keeps them.
    let dates: String

    init(_ invitation: Invitation, model: PartnerModel, day: (Date) -> String) {
        let from = model.accounts[invitation.fromAccountId]
        let fromName = from?.legalName ?? "An unknown partner"
        let sender = from.map { "\($0.legalName) (\($0.kind.label), MPN ID \($0.mpnId))" } ?? fromName
        let invitee = invitation.customerId.flatMap { model.customers[$0] }.map { "\($0.name) (\(invitation.email))" } ?? invitation.email
        heading = "\(invitation.kind.label) invitation from \(fromName)"
        switch invitation.kind {
        case .partnership:
            sentence = "\(sender) invites \(model.partnerName(invitation.toAccountId)) to authorize it as an indirect provider. "
                + "Authorizing lets \(fromName) submit orders and add subscriptions for your customers, "
                + "and gives it administrator access to your Azure AD tenant."
        case .resellerRelationship:
            sentence = "\(sender) asks \(invitee) to make it a reseller of record, with administrator access to manage "
                + "subscriptions, licenses and users on the customer's behalf."
        case .indirectResellerRelationship:
            let provider = model.partnerName(invitation.providerId)
            sentence = "\(sender) and its indirect provider \(provider) ask \(invitee) to make them both resellers of "
                + "record: \(fromName) manages subscriptions, licenses and users; \(provider) can submit orders."
        }
        dates = "Sent \(day(invitation.createdAt)) · expires \(day(invitation.expiresAt)) · by \(invitation.createdBy)"
    }
}
