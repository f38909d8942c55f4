#if canImport(Glibc) && arch(x86_64)
import Foundation
import Testing
@testable import PartnerCore
import TestSupport

/// Issue 11, item 3: an order's line items packed into one byte array (`OrderLines`), its
/// offer ids, MPN IDs and user as numbers of `InternedTexts`, must read, change, compare
/// and encode exactly as the plain struct they replaced, kept here as the reference.
@Suite(.serialized)
struct PackedOrderTests {
    struct PlainOrder: Equatable, Codable {
        var id: OrderID
        var customerId: CustomerID
        var lineItems: [LineItem]
        var placedByAccount: AccountID
        var placedByUser: String
        var status: Order.Status
        var createdAt: Date

        var packed: Order {
            Order(id: id, customerId: customerId, lineItems: lineItems, placedByAccount: placedByAccount,
                  placedByUser: placedByUser, status: status, createdAt: createdAt)
        }
    }

    struct Maker {
        var random: SeededFreshValues
        static let texts = ["", "m365-business-standard", "m365-e3", "Zoë", "Zoe\u{308}", "東京", "\u{0}\n", "4000027",
                            String(repeating: "x", count: 300), "ana@contosodistribution.onmicrosoft.com"]

        mutating func int(_ below: Int) -> Int { Int(random.next() % UInt64(below)) }
        mutating func text() -> String { Self.texts[int(Self.texts.count)] }

        mutating func number() -> Int {
            switch int(4) {
            case 0: return Int.min + int(3)
            case 1: return Int.max - int(3)
            case 2: return int(200) - 100
            default: return Int(bitPattern: UInt(random.next()))
            }
        }

        mutating func item(_ place: Int) -> LineItem {
            LineItem(lineItemNumber: int(4) == 0 ? number() : place, offerId: text(), quantity: int(3) == 0 ? number() : 1 + int(300),
                     termDuration: Offer.TermDuration.allCases[int(3)], partnerIdOnRecord: int(3) == 0 ? nil : text())
        }

        mutating func order() -> PlainOrder {
            PlainOrder(id: random.id(), customerId: random.id(), lineItems: (0..<int(6)).map { item($0) },
                       placedByAccount: random.id(), placedByUser: text(), status: Order.Status.allCases[int(3)],
                       createdAt: Date(timeIntervalSinceReferenceDate: Double(int(1_000_000)) / 3))
        }
    }

    static func expectSame(_ packed: Order, _ plain: PlainOrder, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(packed.id == plain.id && packed.customerId == plain.customerId && packed.placedByAccount == plain.placedByAccount,
                sourceLocation: sourceLocation)
        #expect(packed.status == plain.status && packed.createdAt == plain.createdAt, sourceLocation: sourceLocation)
        #expect(packed.lineItems == plain.lineItems, sourceLocation: sourceLocation)
        // Byte for byte, not only canonically equal.
        #expect(packed.lineItems.map { Array($0.offerId.utf8) } == plain.lineItems.map { Array($0.offerId.utf8) },
                sourceLocation: sourceLocation)
        #expect(packed.lineItems.map { $0.partnerIdOnRecord.map { Array($0.utf8) } }
                    == plain.lineItems.map { $0.partnerIdOnRecord.map { Array($0.utf8) } }, sourceLocation: sourceLocation)
        #expect(Array(packed.placedByUser.utf8) == Array(plain.placedByUser.utf8), sourceLocation: sourceLocation)
    }

    @Test func everyFieldAndSetterIsThePlainStructs() {
        var maker = Maker(random: SeededFreshValues(seed: 31))
        for _ in 0..<300 {
            var plain = maker.order()
            var packed = plain.packed
            Self.expectSame(packed, plain)
            let frozen = packed, before = plain
            let item = maker.item(plain.lineItems.count)
            plain.lineItems.append(item)
            packed.lineItems.append(item)
            Self.expectSame(packed, plain)
            if !plain.lineItems.isEmpty {
                let quantity = maker.number()
                plain.lineItems[0].quantity = quantity
                packed.lineItems[0].quantity = quantity
            }
            let user = maker.text()
            plain.placedByUser = user
            packed.placedByUser = user
            plain.status = .cancelled
            packed.status = .cancelled
            Self.expectSame(packed, plain)
            #expect(packed == plain.packed)
            Self.expectSame(frozen, before)
        }
    }

    @Test func equalityAndJSONAreThePlainStructs() throws {
        var maker = Maker(random: SeededFreshValues(seed: 32))
        // Sorted keys: this Foundation writes an unsorted object's keys in no fixed order; the CLI sorts them.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        for _ in 0..<300 {
            let a = maker.order()
            var b = a
            switch maker.int(4) {
            case 0: if !b.lineItems.isEmpty { b.lineItems[0].offerId = maker.text() }
            case 1: b.placedByUser = maker.text()
            case 2: b.lineItems = b.lineItems.reversed()
            default: break
            }
            #expect((a.packed == b.packed) == (a == b))
            #expect(try encoder.encode(a.packed) == encoder.encode(a))
            #expect(try JSONDecoder().decode(Order.self, from: JSONEncoder().encode(a)) == a.packed)
        }
        var nfc = maker.order(), nfd = nfc
        nfc.placedByUser = "Zoë"
        nfd.placedByUser = "Zoe\u{308}"
        #expect(nfc.packed == nfd.packed && nfd.packed.placedByUser.utf8.count == 5, "kept as typed")
    }

    /// An order of three line items (the synthetic world's mean): 72 bytes inline and one
    /// array of 17 bytes (64 with its header and malloc's), where the plain struct held 88
    /// inline and a `[LineItem]` of 56 bytes an item (208 with its header and malloc's).
    @Test func anOrderCostsItsFieldsAndAFewBytesALineItem() throws {
        let items = [LineItem(lineItemNumber: 0, offerId: "m365-business-standard", quantity: 25, termDuration: .P1Y, partnerIdOnRecord: "4000027"),
                     LineItem(lineItemNumber: 1, offerId: "m365-business-premium", quantity: 3, termDuration: .P1M, partnerIdOnRecord: "4000027"),
                     LineItem(lineItemNumber: 2, offerId: "teams-essentials", quantity: 120, termDuration: .P1Y, partnerIdOnRecord: nil)]
        func bytesEach<T>(_ make: (Int) -> T) throws -> [Int] {
            let costs = MallocHeap.growthEach(count: 20_000, make)
            return try #require(costs)
        }
        let plain = try bytesEach { n in
            PlainOrder(id: Ident(high: 5, low: UInt64(n)), customerId: Ident(high: 6, low: UInt64(n)), lineItems: items.map { $0 },
                       placedByAccount: Ident(high: 1, low: 1), placedByUser: "ana@contosodistribution.onmicrosoft.com",
                       status: .completed, createdAt: Date(timeIntervalSinceReferenceDate: Double(n)))
        }
        let packed = try bytesEach { n in
            Order(id: Ident(high: 5, low: UInt64(n)), customerId: Ident(high: 6, low: UInt64(n)), lineItems: items,
                  placedByAccount: Ident(high: 1, low: 1), placedByUser: "ana@contosodistribution.onmicrosoft.com",
                  status: .completed, createdAt: Date(timeIntervalSinceReferenceDate: Double(n)))
        }
        #expect(MemoryLayout<Order>.stride == 72)
        // Exact: the one block an order owns, read from malloc, so no other test moves it.
        let order = Order(id: Ident(high: 5, low: 1), customerId: Ident(high: 6, low: 1), lineItems: items,
                          placedByAccount: Ident(high: 1, low: 1), placedByUser: "ana@contosodistribution.onmicrosoft.com",
                          status: .completed, createdAt: Date(timeIntervalSinceReferenceDate: 1))
        let lines = try #require(Mirror(reflecting: order).descendant("lines", "bytes") as? [UInt8])
        let owned = MemoryLayout<Order>.stride + (try #require(MallocHeap.blockBytes(ofArray: lines)))
        #expect(owned <= 144, "a packed order owns \(owned) bytes (its lines \(lines.count))")
        // Whole: the heap's growth, which also counts any allocation the packing forgot; other
        // suites allocate meanwhile, so the bound sits between the packed and the plain costs.
        #expect(packed.min()! <= 216, "a packed order costs \(packed) bytes (the plain struct \(plain))")
        #expect(plain.max()! > 216, "the bound is one the plain struct cannot meet: \(plain) bytes")
    }
}
#endif
