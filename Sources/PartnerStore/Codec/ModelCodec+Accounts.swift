import Foundation
import PartnerCore

/// Partner accounts, their users, membership profiles and listing change requests.
extension ModelCodec {
    static func write(_ a: PartnerAccount, _ w: inout BinaryWriter) {
        write(a.id, &w)
        switch a.kind {
        case .indirectProvider: w.writeUInt8(1)
        case .indirectReseller: w.writeUInt8(2)
        }
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
        let kind: PartnerAccount.Kind
        switch try r.readUInt8() {
        case 1: kind = .indirectProvider
        case 2: kind = .indirectReseller
        case let code: throw invalidCode("account kind", code, r)
        }
        return PartnerAccount(
            id: id, kind: kind, legalName: try r.readString(), mpnId: try r.readString(), country: try r.readString(),
            address: try readAddress(&r), primaryContact: try readPrimaryContact(&r),
            supportContact: try readSupportInfo(&r), tenantDomain: try r.readString(),
            enrollment: try readEnrollment(&r), createdAt: try readDate(&r),
            verificationCodeHash: try readOptionalString(&r))
    }

    static func write(_ status: EnrollmentStatus, _ w: inout BinaryWriter) {
        switch status {
        case .pendingEmailVerification: w.writeUInt8(1)
        case .underReview: w.writeUInt8(2)
        case .active: w.writeUInt8(3)
        case let .rejected(reason):
            w.writeUInt8(4)
            w.writeString(reason)
        }
    }

    static func readEnrollment(_ r: inout BinaryReader) throws -> EnrollmentStatus {
        switch try r.readUInt8() {
        case 1: return .pendingEmailVerification
        case 2: return .underReview
        case 3: return .active
        case 4: return .rejected(reason: try r.readString())
        case let code: throw invalidCode("enrollment status", code, r)
        }
    }

    static func write(_ u: User, _ w: inout BinaryWriter) {
        write(u.id, &w)
        write(u.accountId, &w)
        w.writeString(u.displayName)
        w.writeString(u.userPrincipalName)
        var bits: UInt8 = 0
        for role in u.roles {
            switch role {
            case .globalAdmin: bits |= 1
            case .adminAgent: bits |= 2
            case .salesAgent: bits |= 4
            case .helpdeskAgent: bits |= 8
            }
        }
        w.writeUInt8(bits)
    }

    static func readUser(_ r: inout BinaryReader) throws -> User {
        let id = try readIdent(&r)
        let account = try readIdent(&r)
        let name = try r.readString()
        let principal = try r.readString()
        let bits = try r.readUInt8()
        guard bits & ~0x0F == 0 else { throw invalidCode("set of user roles", bits, r) }
        var roles = Set<User.Role>()
        if bits & 1 != 0 { roles.insert(.globalAdmin) }
        if bits & 2 != 0 { roles.insert(.adminAgent) }
        if bits & 4 != 0 { roles.insert(.salesAgent) }
        if bits & 8 != 0 { roles.insert(.helpdeskAgent) }
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
        switch c.status {
        case .submitted: w.writeUInt8(1)
        case .completed: w.writeUInt8(2)
        }
        write(c.submittedAt, &w)
        write(c.completedAt, &w)
        w.writeString(c.submittedBy)
    }

    static func readChangeRequest(_ r: inout BinaryReader) throws -> ProfileChangeRequest {
        let id = try readIdent(&r)
        let account = try readIdent(&r)
        let locations = try r.readArray(readListingLocation)
        let status: ProfileChangeRequest.Status
        switch try r.readUInt8() {
        case 1: status = .submitted
        case 2: status = .completed
        case let code: throw invalidCode("change request status", code, r)
        }
        return ProfileChangeRequest(
            id: id, accountId: account, locations: locations, status: status, submittedAt: try readDate(&r),
            completedAt: try readOptionalDate(&r), submittedBy: try r.readString())
    }
}
