import Foundation
import PartnerCore

/// Transactions and the events inside them: the journal's payloads.
extension ModelCodec {
    static func write(_ t: Transaction, _ w: inout BinaryWriter) {
        write(t.date, &w)
        w.writeString(t.userPrincipalName)
        write(t.accountId, &w)
        w.writeArray(t.events) { write($1, &$0) }
        write(t.audit, &w)
    }

    static func readTransaction(_ r: inout BinaryReader) throws -> Transaction {
        Transaction(
            date: try readDate(&r), userPrincipalName: try r.readString(), accountId: try readOptionalIdent(&r),
            events: try r.readArray(readEvent), audit: try readAuditEntry(&r))
    }

    static func write(_ event: Event, _ w: inout BinaryWriter) {
        switch event {
        case let .accountCreated(account):
            w.writeUInt8(1)
            write(account, &w)
        case let .accountUpdated(account):
            w.writeUInt8(2)
            write(account, &w)
        case let .userAdded(user):
            w.writeUInt8(3)
            write(user, &w)
        case let .userUpdated(user):
            w.writeUInt8(4)
            write(user, &w)
        case let .membershipProfileRegistered(profile):
            w.writeUInt8(5)
            write(profile, &w)
        case let .listingUpdated(account, locations):
            w.writeUInt8(6)
            write(account, &w)
            w.writeArray(locations) { write($1, &$0) }
        case let .profileChangeRequestUpdated(request):
            w.writeUInt8(7)
            write(request, &w)
        case let .invitationUpdated(invitation):
            w.writeUInt8(8)
            write(invitation, &w)
        case let .partnershipUpdated(partnership):
            w.writeUInt8(9)
            write(partnership, &w)
        case let .customerCreated(customer):
            w.writeUInt8(10)
            write(customer, &w)
        case let .customerUpdated(customer):
            w.writeUInt8(11)
            write(customer, &w)
        case let .orderPlaced(order):
            w.writeUInt8(12)
            write(order, &w)
        case let .subscriptionCreated(subscription):
            w.writeUInt8(13)
            write(subscription, &w)
        case let .subscriptionUpdated(subscription):
            w.writeUInt8(14)
            write(subscription, &w)
        }
    }

    static func readEvent(_ r: inout BinaryReader) throws -> Event {
        switch try r.readUInt8() {
        case 1: return .accountCreated(try readAccount(&r))
        case 2: return .accountUpdated(try readAccount(&r))
        case 3: return .userAdded(try readUser(&r))
        case 4: return .userUpdated(try readUser(&r))
        case 5: return .membershipProfileRegistered(try readMembershipProfile(&r))
        case 6: return .listingUpdated(try readIdent(&r), try r.readArray(readListingLocation))
        case 7: return .profileChangeRequestUpdated(try readChangeRequest(&r))
        case 8: return .invitationUpdated(try readInvitation(&r))
        case 9: return .partnershipUpdated(try readPartnership(&r))
        case 10: return .customerCreated(try readCustomer(&r))
        case 11: return .customerUpdated(try readCustomer(&r))
        case 12: return .orderPlaced(try readOrder(&r))
        case 13: return .subscriptionCreated(try readSubscription(&r))
        case 14: return .subscriptionUpdated(try readSubscription(&r))
        case let code: throw invalidCode("event type", code, r)
        }
    }
}
