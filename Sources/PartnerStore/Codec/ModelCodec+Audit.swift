import Foundation
import PartnerCore

/// Audit records (in snapshots) and audit entries (in transactions).
extension ModelCodec {
    static func write(_ a: AuditRecord, _ w: inout BinaryWriter) {
        w.writeVarUInt(a.sequence)
        write(a.operationDate, &w)
        w.writeString(a.userPrincipalName)
        write(a.accountId, &w)
        write(a.operationType, &w)
        w.writeString(a.resourceName)
        write(a.customerId, &w)
        w.writeString(a.oldValue)
        w.writeString(a.newValue)
        switch a.operationStatus {
        case .succeeded: w.writeUInt8(1)
        }
        w.writeArray(a.involvedAccounts) { write($1, &$0) }
    }

    static func readAuditRecord(_ r: inout BinaryReader) throws -> AuditRecord {
        let sequence = try r.readVarUInt()
        let date = try readDate(&r)
        let principal = try r.readSharedString()
        let account = try readOptionalIdent(&r)
        let operation = try readOperationType(&r)
        let resource = try r.readString()
        let customer = try readOptionalIdent(&r)
        let old = try r.readString()
        let new = try r.readString()
        switch try r.readUInt8() {
        case 1: break
        case let code: throw invalidCode("operation status", code, r)
        }
        return AuditRecord(
            sequence: sequence, operationDate: date, userPrincipalName: principal, accountId: account,
            operationType: operation, resourceName: resource, customerId: customer, oldValue: old, newValue: new,
            operationStatus: .succeeded, involvedAccounts: try r.readArray(readIdent))
    }

    static func write(_ a: AuditEntry, _ w: inout BinaryWriter) {
        write(a.operationType, &w)
        w.writeString(a.resourceName)
        write(a.customerId, &w)
        w.writeString(a.oldValue)
        w.writeString(a.newValue)
        w.writeArray(a.involvedAccounts) { write($1, &$0) }
    }

    static func readAuditEntry(_ r: inout BinaryReader) throws -> AuditEntry {
        AuditEntry(
            operationType: try readOperationType(&r), resourceName: try r.readString(),
            customerId: try readOptionalIdent(&r), oldValue: try r.readString(), newValue: try r.readString(),
            involvedAccounts: try r.readArray(readIdent))
    }

    static func write(_ operation: OperationType, _ w: inout BinaryWriter) {
        let code: UInt8
        switch operation {
        case .enroll_partner: code = 1
        case .verify_enrollment_email: code = 2
        case .review_enrollment: code = 3
        case .add_user: code = 4
        case .update_user_roles: code = 5
        case .update_partner_profile: code = 6
        case .submit_profile_change_request: code = 7
        case .complete_profile_change_request: code = 8
        case .create_invitation: code = 9
        case .withdraw_invitation: code = 10
        case .decline_invitation: code = 11
        case .create_partner_relationship: code = 12
        case .add_customer: code = 13
        case .create_customer_relationship: code = 14
        case .remove_customer_relationship: code = 15
        case .create_order: code = 16
        case .update_subscription: code = 17
        case .register_membership_profile: code = 18
        case .resubmit_enrollment: code = 19
        case .end_partner_relationship: code = 20
        }
        w.writeUInt8(code)
    }

    static func readOperationType(_ r: inout BinaryReader) throws -> OperationType {
        switch try r.readUInt8() {
        case 1: return .enroll_partner
        case 2: return .verify_enrollment_email
        case 3: return .review_enrollment
        case 4: return .add_user
        case 5: return .update_user_roles
        case 6: return .update_partner_profile
        case 7: return .submit_profile_change_request
        case 8: return .complete_profile_change_request
        case 9: return .create_invitation
        case 10: return .withdraw_invitation
        case 11: return .decline_invitation
        case 12: return .create_partner_relationship
        case 13: return .add_customer
        case 14: return .create_customer_relationship
        case 15: return .remove_customer_relationship
        case 16: return .create_order
        case 17: return .update_subscription
        case 18: return .register_membership_profile
        case 19: return .resubmit_enrollment
        case 20: return .end_partner_relationship
        case let code: throw invalidCode("operation type", code, r)
        }
    }
}
