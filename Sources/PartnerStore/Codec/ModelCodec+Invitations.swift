import Foundation
import PartnerCore

/// Invitations and the partnerships they create.
extension ModelCodec {
    static func write(_ i: Invitation, _ w: inout BinaryWriter) {
        write(i.id, &w)
        switch i.kind {
        case .partnership: w.writeUInt8(1)
        case .resellerRelationship: w.writeUInt8(2)
        case .indirectResellerRelationship: w.writeUInt8(3)
        }
        write(i.fromAccountId, &w)
        write(i.toAccountId, &w)
        write(i.providerId, &w)
        write(i.customerId, &w)
        w.writeString(i.email)
        w.writeString(i.tokenHash)
        w.writeString(i.createdBy)
        write(i.createdAt, &w)
        write(i.expiresAt, &w)
        switch i.status {
        case .pending: w.writeUInt8(1)
        case .accepted: w.writeUInt8(2)
        case .declined: w.writeUInt8(3)
        case .withdrawn: w.writeUInt8(4)
        case .expired: w.writeUInt8(5)
        }
        write(i.respondedAt, &w)
        writeOptionalString(i.respondedBy, &w)
    }

    static func readInvitation(_ r: inout BinaryReader) throws -> Invitation {
        let id = try readIdent(&r)
        let kind: Invitation.Kind
        switch try r.readUInt8() {
        case 1: kind = .partnership
        case 2: kind = .resellerRelationship
        case 3: kind = .indirectResellerRelationship
        case let code: throw invalidCode("invitation kind", code, r)
        }
        let from = try readIdent(&r)
        let to = try readOptionalIdent(&r)
        let provider = try readOptionalIdent(&r)
        let customer = try readOptionalIdent(&r)
        let email = try r.readString()
        let tokenHash = try r.readString()
        let createdBy = try r.readSharedString()
        let createdAt = try readDate(&r)
        let expiresAt = try readDate(&r)
        let status: Invitation.Status
        switch try r.readUInt8() {
        case 1: status = .pending
        case 2: status = .accepted
        case 3: status = .declined
        case 4: status = .withdrawn
        case 5: status = .expired
        case let code: throw invalidCode("invitation status", code, r)
        }
        return Invitation(
            id: id, kind: kind, fromAccountId: from, toAccountId: to, providerId: provider, customerId: customer,
            email: email, tokenHash: tokenHash, createdBy: createdBy, createdAt: createdAt, expiresAt: expiresAt,
            status: status, respondedAt: try readOptionalDate(&r), respondedBy: try readOptionalString(&r))
    }

    static func write(_ p: Partnership, _ w: inout BinaryWriter) {
        write(p.id, &w)
        write(p.providerId, &w)
        write(p.resellerId, &w)
        switch p.status {
        case .active: w.writeUInt8(1)
        case .ended: w.writeUInt8(2)
        }
        write(p.since, &w)
        write(p.invitationId, &w)
    }

    static func readPartnership(_ r: inout BinaryReader) throws -> Partnership {
        let id = try readIdent(&r)
        let provider = try readIdent(&r)
        let reseller = try readIdent(&r)
        let status: Partnership.Status
        switch try r.readUInt8() {
        case 1: status = .active
        case 2: status = .ended
        case let code: throw invalidCode("partnership status", code, r)
        }
        return Partnership(
            id: id, providerId: provider, resellerId: reseller, status: status, since: try readDate(&r),
            invitationId: try readOptionalIdent(&r))
    }
}
