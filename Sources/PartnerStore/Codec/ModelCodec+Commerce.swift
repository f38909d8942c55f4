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
        switch o.status {
        case .pending: w.writeUInt8(1)
        case .completed: w.writeUInt8(2)
        case .cancelled: w.writeUInt8(3)
        }
        write(o.createdAt, &w)
    }

    static func readOrder(_ r: inout BinaryReader) throws -> Order {
        let id = try readIdent(&r)
        let customer = try readIdent(&r)
        let items = try r.readArray { r in
            LineItem(
                lineItemNumber: try r.readInt(), offerId: try r.readSharedString(), quantity: try r.readInt(),
                termDuration: try readTermDuration(&r), partnerIdOnRecord: try readOptionalString(&r))
        }
        let account = try readIdent(&r)
        let user = try r.readSharedString()
        let status: Order.Status
        switch try r.readUInt8() {
        case 1: status = .pending
        case 2: status = .completed
        case 3: status = .cancelled
        case let code: throw invalidCode("order status", code, r)
        }
        return Order(
            id: id, customerId: customer, lineItems: items, placedByAccount: account, placedByUser: user,
            status: status, createdAt: try readDate(&r))
    }

    static func write(_ term: Offer.TermDuration, _ w: inout BinaryWriter) {
        switch term {
        case .P1M: w.writeUInt8(1)
        case .P1Y: w.writeUInt8(2)
        case .P3Y: w.writeUInt8(3)
        }
    }

    static func readTermDuration(_ r: inout BinaryReader) throws -> Offer.TermDuration {
        switch try r.readUInt8() {
        case 1: return .P1M
        case 2: return .P1Y
        case 3: return .P3Y
        case let code: throw invalidCode("term duration", code, r)
        }
    }

    static func write(_ s: Subscription, _ w: inout BinaryWriter) {
        write(s.id, &w)
        write(s.customerId, &w)
        w.writeString(s.offerId)
        w.writeString(s.friendlyName)
        w.writeInt(s.quantity)
        switch s.status {
        case .active: w.writeUInt8(1)
        case .suspended: w.writeUInt8(2)
        case .deleted: w.writeUInt8(3)
        case .expired: w.writeUInt8(4)
        }
        writeOptionalString(s.partnerId, &w)
        w.writeOptional(s.supportContact) { w, contact in
            write(contact.supportTenantId, &w)
            w.writeString(contact.supportMpnId)
            w.writeString(contact.name)
        }
        write(s.creationDate, &w)
        write(s.commitmentEndDate, &w)
        w.writeBool(s.autoRenewEnabled)
        write(s.orderId, &w)
    }

    static func readSubscription(_ r: inout BinaryReader) throws -> Subscription {
        let id = try readIdent(&r)
        let customer = try readIdent(&r)
        let offer = try r.readSharedString()
        let name = try r.readSharedString()
        let quantity = try r.readInt()
        let status: Subscription.Status
        switch try r.readUInt8() {
        case 1: status = .active
        case 2: status = .suspended
        case 3: status = .deleted
        case 4: status = .expired
        case let code: throw invalidCode("subscription status", code, r)
        }
        let partner = try readOptionalString(&r)
        let support = try r.readOptional { r in
            SupportContact(supportTenantId: try readIdent(&r), supportMpnId: try r.readString(), name: try r.readSharedString())
        }
        return Subscription(
            id: id, customerId: customer, offerId: offer, friendlyName: name, quantity: quantity, status: status,
            partnerId: partner, supportContact: support, creationDate: try readDate(&r),
            commitmentEndDate: try readDate(&r), autoRenewEnabled: try r.readBool(), orderId: try readIdent(&r))
    }
}
