import Foundation
import PartnerCore

/// Orders and subscriptions.
extension ModelCodec {
    static func write(_ o: Order, _ w: inout BinaryWriter) {
        write(o.id, &w)
        write(o.customerId, &w)
        w.writeArray(o.lineItems) { w, item in
            w.writeInt(item.lineItemNumber)
            w.writeString(item.offerId)
            w.writeInt(item.quantity)
            write(item.termDuration, &w)
            writeOptionalString(item.partnerIdOnRecord, &w)
        }
        write(o.placedByAccount, &w)
        w.writeString(o.placedByUser)
        wire.orderStatuses.write(o.status, &w)
        write(o.createdAt, &w)
    }

    static func readOrder(_ r: inout BinaryReader) throws -> Order {
        var numbers = InternedNumbers()
        return try readOrder(&r, numbers: &numbers)
    }

    /// `numbers` is kept from order to order by a decode of many (the orders section).
    static func readOrder(_ r: inout BinaryReader, numbers: inout InternedNumbers) throws -> Order {
        let id = try readIdent(&r)
        let customer = try readIdent(&r)
        let items = try r.readArray { r in
            LineItem(
                lineItemNumber: try r.readInt(), offerId: try r.readSharedString(), quantity: try r.readInt(),
                termDuration: try readTermDuration(&r), partnerIdOnRecord: try readOptionalString(&r))
        }
        let account = try readIdent(&r)
        let user = try r.readSharedString()
        let status = try wire.orderStatuses.read(&r)
        return Order(
            id: id, customerId: customer, lineItems: items, placedByAccount: account, placedByUser: user,
            status: status, createdAt: try readDate(&r), numbers: &numbers)
    }

    static func write(_ term: Offer.TermDuration, _ w: inout BinaryWriter) {
        wire.termDurations.write(term, &w)
    }

    static func readTermDuration(_ r: inout BinaryReader) throws -> Offer.TermDuration {
        try wire.termDurations.read(&r)
    }

    static func write(_ s: Subscription, _ w: inout BinaryWriter) {
        let texts = s.texts
        write(s.id, &w)
        write(s.customerId, &w)
        w.writeString(texts.offerId)
        w.writeString(texts.friendlyName)
        w.writeInt(s.quantity)
        wire.subscriptionStatuses.write(s.status, &w)
        writeOptionalString(texts.partnerId, &w)
        w.writeOptional(s.supportContact) { w, contact in
            write(contact.supportTenantId, &w)
            w.writeString(contact.supportMpnId)
            w.writeString(contact.name)
        }
        write(s.creationDate, &w)
        write(s.commitmentEndDate, &w)
        w.writeBool(s.autoRenewEnabled)
        write(s.effectiveStartDate, &w)
        w.writeOptional(s.scheduledNextTerm) { w, next in
            writeOptionalString(next.offerId, &w)
            w.writeOptional(next.quantity) { $0.writeInt($1) }
        }
        write(s.orderId, &w)
    }

    /// How a subscription is stored: before version 3 (record type 3) it had no term start
    /// (its term began at purchase) and nothing scheduled.
    enum SubscriptionLayout: Sendable {
        case purchaseTermOnly, renewingTerms

        static let current = SubscriptionLayout.renewingTerms

        init(snapshotVersion: UInt32) { self = snapshotVersion >= 3 ? .renewingTerms : .purchaseTermOnly }
        init(recordType: UInt8) { self = recordType >= 3 ? .renewingTerms : .purchaseTermOnly }
    }

    static func readSubscription(_ r: inout BinaryReader, layout: SubscriptionLayout = .current) throws -> Subscription {
        var numbers = InternedNumbers()
        return try readSubscription(&r, layout: layout, numbers: &numbers)
    }

    /// `numbers` is kept from subscription to subscription by a decode of many (the subscriptions section).
    static func readSubscription(_ r: inout BinaryReader, layout: SubscriptionLayout,
                                 numbers: inout InternedNumbers) throws -> Subscription {
        let id = try readIdent(&r)
        let customer = try readIdent(&r)
        let offer = try r.readSharedString()
        let name = try r.readSharedString()
        let quantity = try r.readInt()
        let status = try wire.subscriptionStatuses.read(&r)
        let partner = try readOptionalString(&r)
        let support = try r.readOptional { r in
            SupportContact(supportTenantId: try readIdent(&r), supportMpnId: try r.readString(), name: try r.readSharedString())
        }
        let created = try readDate(&r)
        let end = try readDate(&r)
        let autoRenew = try r.readBool()
        var start: Date?
        var next: NextTermInstructions?
        if layout == .renewingTerms {
            start = try readDate(&r)
            next = try r.readOptional { r in
                NextTermInstructions(offerId: try readOptionalString(&r), quantity: try r.readOptional { try $0.readInt() })
            }
        }
        return Subscription(
            id: id, customerId: customer, offerId: offer, friendlyName: name, quantity: quantity, status: status,
            partnerId: partner, supportContact: support, creationDate: created, effectiveStartDate: start,
            commitmentEndDate: end, autoRenewEnabled: autoRenew, scheduledNextTerm: next, orderId: try readIdent(&r),
            numbers: &numbers)
    }
}
