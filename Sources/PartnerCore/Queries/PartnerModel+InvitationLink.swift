import Foundation

extension PartnerModel {
    /// "Open invitation link": the invitation behind a pasted link, if it may still be
    /// answered (right token, pending, not expired), so the page can say who invites whom
    /// for what before anyone authorizes or consents.
    public func openInvitation(_ link: InvitationLink, at now: Date) throws(DomainError) -> Invitation {
        guard let invitation = invitations[link.invitationId] else {
            throw DomainError(.notFound, field: "link", "no invitation matches this link")
        }
        return try openable(link.invitationId, token: link.token, kind: invitation.kind, at: now)
    }
}
