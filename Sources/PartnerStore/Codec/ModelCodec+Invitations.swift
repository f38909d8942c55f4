import Foundation
import PartnerCore

/// Invitations and the partnerships they create.
extension ModelCodec {
    static func write(_ i: Invitation, _ w: inout BinaryWriter) {
        write(i.id, &w)
        wire.invitationKinds.write(i.kind, &w)
        write(i.fromAccountId, &w)
        write(i.toAccountId, &w)
        write(i.providerId, &w)
        write(i.customerId, &w)
        w.writeString(i.email)
        w.writeString(i.tokenHash)
        w.writeString(i.createdBy)
        write(i.createdAt, &w)
        write(i.expiresAt, &w)
        wire.invitationStatuses.write(i.status, &w)
        write(i.respondedAt, &w)
        writeOptionalString(i.respondedBy, &w)
    }

    static func readInvitation(_ r: inout BinaryReader) throws -> Invitation {
        let id = try readIdent(&r)
        let kind = try wire.invitationKinds.read(&r)
        let from = try readIdent(&r)
        let to = try readOptionalIdent(&r)
        let provider = try readOptionalIdent(&r)
        let customer = try readOptionalIdent(&r)
        let email = try r.readString()
        let tokenHash = try r.readString()
        let createdBy = try r.readSharedString()
        let createdAt = try readDate(&r)
        let expiresAt = try readDate(&r)
        let status = try wire.invitationStatuses.read(&r)
        return Invitation(
            id: id, kind: kind, fromAccountId: from, toAccountId: to, providerId: provider, customerId: customer,
            email: email, tokenHash: tokenHash, createdBy: createdBy, createdAt: createdAt, expiresAt: expiresAt,
            status: status, respondedAt: try readOptionalDate(&r), respondedBy: try readOptionalString(&r))
    }

    static func write(_ p: Partnership, _ w: inout BinaryWriter) {
        write(p.id, &w)
        write(p.providerId, &w)
        write(p.resellerId, &w)
        wire.partnershipStatuses.write(p.status, &w)
        write(p.since, &w)
        write(p.invitationId, &w)
    }

    static func readPartnership(_ r: inout BinaryReader) throws -> Partnership {
        let id = try readIdent(&r)
        let provider = try readIdent(&r)
        let reseller = try readIdent(&r)
        let status = try wire.partnershipStatuses.read(&r)
        return Partnership(
            id: id, providerId: provider, resellerId: reseller, status: status, since: try readDate(&r),
            invitationId: try readOptionalIdent(&r))
    }
}
