import Foundation

/// An order and its line items. The line items are packed into one byte array
/// (`OrderLines`) with their offer ids and partners' MPN IDs as numbers of
/// `InternedTexts`, and the user who placed it is one such number too: an order held a
/// `[LineItem]` of 56 bytes an item, and 88 bytes inline.
public struct Order: Sendable, Codable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, completed, cancelled }

    public var id: OrderID
    public var customerId: CustomerID
    public var placedByAccount: AccountID
    public var createdAt: Date
    private var lines: OrderLines
    private var placedByUserNumber: UInt32
    public var status: Status

    public init(id: OrderID, customerId: CustomerID, lineItems: [LineItem], placedByAccount: AccountID,
                placedByUser: String, status: Status, createdAt: Date) {
        self.id = id
        self.customerId = customerId
        self.placedByAccount = placedByAccount
        self.createdAt = createdAt
        self.status = status
        (lines, placedByUserNumber) = InternedTexts.shared.numbering { number in
            OrderLines.pack(lineItems, placedBy: placedByUser, numbering: number)
        }
    }

    /// The same, numbering the texts through `numbers` (a snapshot's decode of many orders on
    /// one thread): the shared table's lock is then taken once a distinct text, not once an order.
    package init(id: OrderID, customerId: CustomerID, lineItems: [LineItem], placedByAccount: AccountID,
                 placedByUser: String, status: Status, createdAt: Date, numbers: inout InternedNumbers) {
        self.id = id
        self.customerId = customerId
        self.placedByAccount = placedByAccount
        self.createdAt = createdAt
        self.status = status
        (lines, placedByUserNumber) = OrderLines.pack(lineItems, placedBy: placedByUser) { numbers.number(of: $0) }
    }

    public var lineItems: [LineItem] {
        get { lines.items() }
        set { lines = InternedTexts.shared.numbering { OrderLines.pack(newValue, placedBy: nil, numbering: $0).lines } }
    }

    public var placedByUser: String {
        get { InternedTexts.shared.text(placedByUserNumber) }
        set { placedByUserNumber = InternedTexts.shared.number(of: newValue) }
    }

    /// The fields as the struct held them before its line items were packed: what
    /// `Codable` writes (so the JSON is the same) and what equality falls back on.
    struct Fields: Equatable, Codable {
        var id: OrderID
        var customerId: CustomerID
        var lineItems: [LineItem]
        var placedByAccount: AccountID
        var placedByUser: String
        var status: Status
        var createdAt: Date
    }

    var fields: Fields {
        Fields(id: id, customerId: customerId, lineItems: lineItems, placedByAccount: placedByAccount,
               placedByUser: placedByUser, status: status, createdAt: createdAt)
    }

    public init(from decoder: any Decoder) throws {
        let f = try Fields(from: decoder)
        self.init(id: f.id, customerId: f.customerId, lineItems: f.lineItems, placedByAccount: f.placedByAccount,
                  placedByUser: f.placedByUser, status: f.status, createdAt: f.createdAt)
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
    }
}

extension Order: Equatable {
    /// Equal numbers are equal texts; texts that differ only in their Unicode normal form
    /// have different numbers and still compare equal, as `String`s do.
    public static func == (a: Order, b: Order) -> Bool {
        guard a.id == b.id && a.customerId == b.customerId && a.placedByAccount == b.placedByAccount
            && a.createdAt == b.createdAt && a.status == b.status else { return false }
        if a.lines.bytes == b.lines.bytes && a.placedByUserNumber == b.placedByUserNumber { return true }
        return a.lineItems == b.lineItems && a.placedByUser == b.placedByUser
    }
}

public struct LineItem: Equatable, Sendable, Codable {
    public var lineItemNumber: Int
    public var offerId: String
    public var quantity: Int
    public var termDuration: Offer.TermDuration
    /// The reseller's MPN ID credited for the sale, if any.
    public var partnerIdOnRecord: String?

    public init(lineItemNumber: Int, offerId: String, quantity: Int, termDuration: Offer.TermDuration,
                partnerIdOnRecord: String?) {
        self.lineItemNumber = lineItemNumber
        self.offerId = offerId
        self.quantity = quantity
        self.termDuration = termDuration
        self.partnerIdOnRecord = partnerIdOnRecord
    }
}

/// An order's line items, packed: a varint count, then for each item its number less its
/// place (zigzag: 0 for the usual 0, 1, 2 …), its offer id's number, its quantity (zigzag),
/// its term's index in `Offer.TermDuration.allCases`, and its partner's number plus one
/// (0 for none), every number an unsigned LEB128 varint. No items is no bytes (and no
/// allocation). Never changed in place: a change packs anew, so copies share it safely.
struct OrderLines: Sendable {
    let bytes: [UInt8]

    /// Made once: `allCases` makes its array at every call.
    private static let terms = Offer.TermDuration.allCases

    /// The items packed, and `placedBy`'s number when given (0 otherwise), each text numbered
    /// by `number`.
    static func pack(_ items: [LineItem], placedBy user: String?,
                     numbering number: (String) -> UInt32) -> (lines: OrderLines, user: UInt32) {
        let userNumber = user.map(number) ?? 0
        guard !items.isEmpty else { return (OrderLines(bytes: []), userNumber) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 + items.count * 8)
        Varint.append(UInt64(items.count), to: &bytes)
        for (place, item) in items.enumerated() {
            Varint.append(zigzag(item.lineItemNumber &- place), to: &bytes)
            Varint.append(UInt64(number(item.offerId)), to: &bytes)
            Varint.append(zigzag(item.quantity), to: &bytes)
            bytes.append(UInt8(Self.terms.firstIndex(of: item.termDuration)!))
            Varint.append(item.partnerIdOnRecord.map { UInt64(number($0)) + 1 } ?? 0, to: &bytes)
        }
        // Exactly as long as it needs to be.
        return (OrderLines(bytes: bytes.withUnsafeBufferPointer { Array($0) }), userNumber)
    }

    func items() -> [LineItem] {
        guard !bytes.isEmpty else { return [] }
        return InternedTexts.shared.reading { text in
            bytes.withUnsafeBufferPointer { p in
                var at = 0
                let count = Int(Varint.read(p, &at))
                var items: [LineItem] = []
                items.reserveCapacity(count)
                for place in 0..<count {
                    let number = Self.unzigzag(Varint.read(p, &at)) &+ place
                    let offer = text(UInt32(Varint.read(p, &at)))
                    let quantity = Self.unzigzag(Varint.read(p, &at))
                    let term = Self.terms[Int(p[at])]
                    at += 1
                    let partner = Varint.read(p, &at)
                    items.append(LineItem(lineItemNumber: number, offerId: offer, quantity: quantity, termDuration: term,
                                          partnerIdOnRecord: partner == 0 ? nil : text(UInt32(partner - 1))))
                }
                return items
            }
        }
    }

    private static func zigzag(_ value: Int) -> UInt64 {
        let v = Int64(value)
        return UInt64(bitPattern: (v << 1) ^ (v >> 63))
    }

    private static func unzigzag(_ raw: UInt64) -> Int {
        Int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }
}
