import Foundation
import PartnerCore

/// Partner accounts, their users, membership profiles and listing change requests.
extension ModelCodec {
    static func write(_ a: PartnerAccount, _ w: inout BinaryWriter) {
        write(a.id, &w)
        wire.accountKinds.write(a.kind, &w)
        w.writeString(a.legalName)
        w.writeString(a.mpnId)
        w.writeString(a.country)
        write(a.address, &w)
        write(a.primaryContact, &w)
        write(a.supportContact, &w)
        w.writeString(a.tenantDomain)
        write(a.enrollment, &w)
        write(a.createdAt, &w)
        writeOptionalString(a.verificationCodeHash, &w)
    }

    static func readAccount(_ r: inout BinaryReader) throws -> PartnerAccount {
        let id = try readIdent(&r)
        let kind = try wire.accountKinds.read(&r)
        return PartnerAccount(
            id: id, kind: kind, legalName: try r.readString(), mpnId: try r.readString(), country: try r.readString(),
            address: try readAddress(&r), primaryContact: try readPrimaryContact(&r),
            supportContact: try readSupportInfo(&r), tenantDomain: try r.readString(),
            enrollment: try readEnrollment(&r), createdAt: try readDate(&r),
            verificationCodeHash: try readOptionalString(&r))
    }

    static func write(_ status: EnrollmentStatus, _ w: inout BinaryWriter) {
        let statuses = wire.enrollmentStatuses
        switch status {
        case .pendingEmailVerification: statuses.write(.pendingEmailVerification, &w)
        case .underReview: statuses.write(.underReview, &w)
        case .active: statuses.write(.active, &w)
        case let .rejected(reason):
            statuses.write(.rejected, &w)
            w.writeString(reason)
        }
    }

    static func readEnrollment(_ r: inout BinaryReader) throws -> EnrollmentStatus {
        switch try wire.enrollmentStatuses.read(&r) {
        case .pendingEmailVerification: return .pendingEmailVerification
        case .underReview: return .underReview
        case .active: return .active
        case .rejected: return .rejected(reason: try r.readString())
        }
    }

    static func write(_ u: User, _ w: inout BinaryWriter) {
        write(u.id, &w)
        write(u.accountId, &w)
        w.writeString(u.displayName)
        w.writeString(u.userPrincipalName)
        wire.userRoles.write(u.roles, &w)
    }

    static func readUser(_ r: inout BinaryReader) throws -> User {
        let id = try readIdent(&r)
        let account = try readIdent(&r)
        let name = try r.readString()
        let principal = try r.readString()
        let roles = try wire.userRoles.read(&r)
        return User(id: id, accountId: account, displayName: name, userPrincipalName: principal, roles: roles)
    }

    static func write(_ p: MembershipProfile, _ w: inout BinaryWriter) {
        w.writeString(p.mpnId)
        w.writeString(p.organizationName)
        w.writeString(p.country)
        w.writeString(p.pmcUserName)
        w.writeBool(p.isActive)
        w.writeBool(p.isCSPEnrolled)
        write(p.address, &w)
    }

    static func readMembershipProfile(_ r: inout BinaryReader) throws -> MembershipProfile {
        MembershipProfile(
            mpnId: try r.readString(), organizationName: try r.readString(), country: try r.readString(),
            pmcUserName: try r.readString(), isActive: try r.readBool(), isCSPEnrolled: try r.readBool(),
            address: try readAddress(&r))
    }

    static func write(_ c: ProfileChangeRequest, _ w: inout BinaryWriter) {
        write(c.id, &w)
        write(c.accountId, &w)
        w.writeArray(c.locations) { write($1, &$0) }
        wire.changeRequestStatuses.write(c.status, &w)
        write(c.submittedAt, &w)
        write(c.completedAt, &w)
        w.writeString(c.submittedBy)
    }

    static func readChangeRequest(_ r: inout BinaryReader) throws -> ProfileChangeRequest {
        let id = try readIdent(&r)
        let account = try readIdent(&r)
        let locations = try r.readArray(readListingLocation)
        let status = try wire.changeRequestStatuses.read(&r)
        return ProfileChangeRequest(
            id: id, accountId: account, locations: locations, status: status, submittedAt: try readDate(&r),
            completedAt: try readOptionalDate(&r), submittedBy: try r.readString())
    }
}
