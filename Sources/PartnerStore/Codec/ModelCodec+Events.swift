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

    static func readTransaction(_ r: inout BinaryReader, layout: SubscriptionLayout = .current) throws -> Transaction {
        Transaction(
            date: try readDate(&r), userPrincipalName: try r.readString(), accountId: try readOptionalIdent(&r),
            events: try r.readArray { try readEvent(&$0, layout: layout) }, audit: try readAuditEntry(&r))
    }

    static func write(_ event: Event, _ w: inout BinaryWriter) {
        let types = wire.eventTypes
        switch event {
        case let .accountCreated(account):
            types.write(.accountCreated, &w)
            write(account, &w)
        case let .accountUpdated(account):
            types.write(.accountUpdated, &w)
            write(account, &w)
        case let .userAdded(user):
            types.write(.userAdded, &w)
            write(user, &w)
        case let .userUpdated(user):
            types.write(.userUpdated, &w)
            write(user, &w)
        case let .membershipProfileRegistered(profile):
            types.write(.membershipProfileRegistered, &w)
            write(profile, &w)
        case let .listingUpdated(account, locations):
            types.write(.listingUpdated, &w)
            write(account, &w)
            w.writeArray(locations) { write($1, &$0) }
        case let .profileChangeRequestUpdated(request):
            types.write(.profileChangeRequestUpdated, &w)
            write(request, &w)
        case let .invitationUpdated(invitation):
            types.write(.invitationUpdated, &w)
            write(invitation, &w)
        case let .partnershipUpdated(partnership):
            types.write(.partnershipUpdated, &w)
            write(partnership, &w)
        case let .customerCreated(customer):
            types.write(.customerCreated, &w)
            write(customer, &w)
        case let .customerUpdated(customer):
            types.write(.customerUpdated, &w)
            write(customer, &w)
        case let .orderPlaced(order):
            types.write(.orderPlaced, &w)
            write(order, &w)
        case let .subscriptionCreated(subscription):
            types.write(.subscriptionCreated, &w)
            write(subscription, &w)
        case let .subscriptionUpdated(subscription):
            types.write(.subscriptionUpdated, &w)
            write(subscription, &w)
        }
    }

    static func readEvent(_ r: inout BinaryReader, layout: SubscriptionLayout = .current) throws -> Event {
        switch try wire.eventTypes.read(&r) {
        case .accountCreated: return .accountCreated(try readAccount(&r))
        case .accountUpdated: return .accountUpdated(try readAccount(&r))
        case .userAdded: return .userAdded(try readUser(&r))
        case .userUpdated: return .userUpdated(try readUser(&r))
        case .membershipProfileRegistered: return .membershipProfileRegistered(try readMembershipProfile(&r))
        case .listingUpdated: return .listingUpdated(try readIdent(&r), try r.readArray(readListingLocation))
        case .profileChangeRequestUpdated: return .profileChangeRequestUpdated(try readChangeRequest(&r))
        case .invitationUpdated: return .invitationUpdated(try readInvitation(&r))
        case .partnershipUpdated: return .partnershipUpdated(try readPartnership(&r))
        case .customerCreated: return .customerCreated(try readCustomer(&r))
        case .customerUpdated: return .customerUpdated(try readCustomer(&r))
        case .orderPlaced: return .orderPlaced(try readOrder(&r))
        case .subscriptionCreated: return .subscriptionCreated(try readSubscription(&r, layout: layout))
        case .subscriptionUpdated: return .subscriptionUpdated(try readSubscription(&r, layout: layout))
        }
    }
}
