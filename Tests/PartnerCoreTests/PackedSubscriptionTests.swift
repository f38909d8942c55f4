#if canImport(Glibc) && arch(x86_64)
import Foundation
import Testing
@testable import PartnerCore
import TestSupport

/// Issue 11, item 3: a subscription laid out for size (its offer id and friendly name one
/// pair of `InternedTexts`, its partner of record one text of it, its quantity an `Int32`
/// with the rare larger one held apart) must read, change, compare and encode exactly as
/// the struct it replaced, kept here as the reference.
@Suite(.serialized)
struct PackedSubscriptionTests {
    /// The struct as it was before it was packed: every field stored, the rare ones held apart.
    struct PlainSubscription: Equatable {
        var id: SubscriptionID
        var customerId: CustomerID
        var orderId: OrderID
        var offerId: String
        var friendlyName: String
        var quantity: Int
        var partnerId: String?
        var creationDate: Date
        var effectiveStartDate: Date
        var commitmentEndDate: Date
        private var seldom: Seldom?
        var status: Subscription.Status
        var autoRenewEnabled: Bool

        var supportContact: SupportContact? {
            get { seldom?.supportContact }
            set { seldom = Seldom.holding(newValue, seldom?.scheduledNextTerm) }
        }

        var scheduledNextTerm: NextTermInstructions? {
            get { seldom?.scheduledNextTerm }
            set { seldom = Seldom.holding(seldom?.supportContact, newValue) }
        }

        private final class Seldom: Equatable {
            let supportContact: SupportContact?
            let scheduledNextTerm: NextTermInstructions?

            private init(_ supportContact: SupportContact?, _ scheduledNextTerm: NextTermInstructions?) {
                self.supportContact = supportContact
                self.scheduledNextTerm = scheduledNextTerm
            }

            static func holding(_ supportContact: SupportContact?, _ scheduledNextTerm: NextTermInstructions?) -> Seldom? {
                supportContact == nil && scheduledNextTerm == nil ? nil : Seldom(supportContact, scheduledNextTerm)
            }

            static func == (a: Seldom, b: Seldom) -> Bool {
                a === b || (a.supportContact == b.supportContact && a.scheduledNextTerm == b.scheduledNextTerm)
            }
        }

        init(id: SubscriptionID, customerId: CustomerID, orderId: OrderID, offerId: String, friendlyName: String, quantity: Int,
             partnerId: String?, creationDate: Date, effectiveStartDate: Date, commitmentEndDate: Date,
             supportContact: SupportContact?, scheduledNextTerm: NextTermInstructions?, status: Subscription.Status,
             autoRenewEnabled: Bool) {
            self.id = id
            self.customerId = customerId
            self.orderId = orderId
            self.offerId = offerId
            self.friendlyName = friendlyName
            self.quantity = quantity
            self.partnerId = partnerId
            self.creationDate = creationDate
            self.effectiveStartDate = effectiveStartDate
            self.commitmentEndDate = commitmentEndDate
            self.seldom = Seldom.holding(supportContact, scheduledNextTerm)
            self.status = status
            self.autoRenewEnabled = autoRenewEnabled
        }

        var packed: Subscription {
            Subscription(id: id, customerId: customerId, offerId: offerId, friendlyName: friendlyName, quantity: quantity,
                         status: status, partnerId: partnerId, supportContact: supportContact, creationDate: creationDate,
                         effectiveStartDate: effectiveStartDate, commitmentEndDate: commitmentEndDate,
                         autoRenewEnabled: autoRenewEnabled, scheduledNextTerm: scheduledNextTerm, orderId: orderId)
        }
    }

    /// The plain struct's JSON: its keys and the order its encoder wrote them in.
    struct PlainJSON: Encodable {
        let plain: PlainSubscription

        private enum CodingKeys: String, CodingKey {
            case id, customerId, offerId, friendlyName, quantity, status, partnerId, supportContact, creationDate
            case effectiveStartDate, commitmentEndDate, autoRenewEnabled, scheduledNextTerm = "scheduledNextTermInstructions", orderId
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            let s = plain
            try c.encode(s.id, forKey: .id)
            try c.encode(s.customerId, forKey: .customerId)
            try c.encode(s.offerId, forKey: .offerId)
            try c.encode(s.friendlyName, forKey: .friendlyName)
            try c.encode(s.quantity, forKey: .quantity)
            try c.encode(s.status, forKey: .status)
            try c.encodeIfPresent(s.partnerId, forKey: .partnerId)
            try c.encodeIfPresent(s.supportContact, forKey: .supportContact)
            try c.encode(s.creationDate, forKey: .creationDate)
            try c.encode(s.effectiveStartDate, forKey: .effectiveStartDate)
            try c.encode(s.commitmentEndDate, forKey: .commitmentEndDate)
            try c.encode(s.autoRenewEnabled, forKey: .autoRenewEnabled)
            try c.encodeIfPresent(s.scheduledNextTerm, forKey: .scheduledNextTerm)
            try c.encode(s.orderId, forKey: .orderId)
        }
    }

    struct Maker {
        var random: SeededFreshValues
        static let texts = ["", "CFQ7TTC0LH18:0001", "Microsoft 365 Business Basic", "Zoë", "Zoe\u{308}", "東京の事務所", "\u{0}\t\n\u{7F}",
                            "4000027", "🙂", String(repeating: "x", count: 300), String(repeating: "ü", count: 120)]

        mutating func int(_ below: Int) -> Int { Int(random.next() % UInt64(below)) }
        mutating func text() -> String { Self.texts[int(Self.texts.count)] }
        mutating func optionalText() -> String? { int(3) == 0 ? nil : text() }

        mutating func quantity() -> Int {
            switch int(6) {
            case 0: return Int.min + int(3)
            case 1: return Int.max - int(3)
            case 2: return Int(Int32.min) + int(3) - 1
            case 3: return Int(Int32.max) - int(3) + 1
            case 4: return Int(bitPattern: UInt(random.next()))
            default: return 1 + int(300)
            }
        }

        mutating func date() -> Date {
            Date(timeIntervalSinceReferenceDate: int(5) == 0 ? -0.0 : Double(int(2_000_000_000)) / 7 - 50_000_000)
        }

        mutating func contact() -> SupportContact? {
            int(3) == 0 ? nil : SupportContact(supportTenantId: random.id(), supportMpnId: text(), name: text())
        }

        mutating func nextTerm() -> NextTermInstructions? {
            int(3) == 0 ? nil : NextTermInstructions(offerId: optionalText(), quantity: int(2) == 0 ? nil : quantity())
        }

        mutating func status() -> Subscription.Status { Subscription.Status.allCases[int(Subscription.Status.allCases.count)] }

        mutating func subscription() -> PlainSubscription {
            PlainSubscription(id: random.id(), customerId: random.id(), orderId: random.id(), offerId: text(), friendlyName: text(),
                              quantity: quantity(), partnerId: optionalText(), creationDate: date(), effectiveStartDate: date(),
                              commitmentEndDate: date(), supportContact: contact(), scheduledNextTerm: nextTerm(), status: status(),
                              autoRenewEnabled: int(2) == 0)
        }

        /// One setter, chosen at random, applied to both.
        mutating func change(_ plain: inout PlainSubscription, _ packed: inout Subscription) {
            switch int(14) {
            case 0: let v = random.id(); plain.id = v; packed.id = v
            case 1: let v = random.id(); plain.customerId = v; packed.customerId = v
            case 2: let v = random.id(); plain.orderId = v; packed.orderId = v
            case 3: let v = text(); plain.offerId = v; packed.offerId = v
            case 4: let v = text(); plain.friendlyName = v; packed.friendlyName = v
            case 5: let v = quantity(); plain.quantity = v; packed.quantity = v
            case 6: let v = optionalText(); plain.partnerId = v; packed.partnerId = v
            case 7: let v = date(); plain.creationDate = v; packed.creationDate = v
            case 8: let v = date(); plain.effectiveStartDate = v; packed.effectiveStartDate = v
            case 9: let v = date(); plain.commitmentEndDate = v; packed.commitmentEndDate = v
            case 10: let v = contact(); plain.supportContact = v; packed.supportContact = v
            case 11: let v = nextTerm(); plain.scheduledNextTerm = v; packed.scheduledNextTerm = v
            case 12: let v = status(); plain.status = v; packed.status = v
            default: let v = int(2) == 0; plain.autoRenewEnabled = v; packed.autoRenewEnabled = v
            }
        }
    }

    static func expectSame(_ packed: Subscription, _ plain: PlainSubscription, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(packed.id == plain.id && packed.customerId == plain.customerId && packed.orderId == plain.orderId,
                sourceLocation: sourceLocation)
        #expect(packed.quantity == plain.quantity, sourceLocation: sourceLocation)
        #expect(packed.status == plain.status && packed.autoRenewEnabled == plain.autoRenewEnabled, sourceLocation: sourceLocation)
        // The dates' bits, so −0 stays −0.
        #expect([packed.creationDate, packed.effectiveStartDate, packed.commitmentEndDate].map(\.timeIntervalSinceReferenceDate.bitPattern)
                    == [plain.creationDate, plain.effectiveStartDate, plain.commitmentEndDate].map(\.timeIntervalSinceReferenceDate.bitPattern),
                sourceLocation: sourceLocation)
        #expect(packed.supportContact == plain.supportContact && packed.scheduledNextTerm == plain.scheduledNextTerm,
                sourceLocation: sourceLocation)
        // Byte for byte, not only canonically equal.
        #expect(Array(packed.offerId.utf8) == Array(plain.offerId.utf8), sourceLocation: sourceLocation)
        #expect(Array(packed.friendlyName.utf8) == Array(plain.friendlyName.utf8), sourceLocation: sourceLocation)
        #expect(packed.partnerId.map { Array($0.utf8) } == plain.partnerId.map { Array($0.utf8) }, sourceLocation: sourceLocation)
        let texts = packed.texts
        #expect(Array(texts.offerId.utf8) == Array(plain.offerId.utf8) && Array(texts.friendlyName.utf8) == Array(plain.friendlyName.utf8)
                    && texts.partnerId.map { Array($0.utf8) } == plain.partnerId.map { Array($0.utf8) }, sourceLocation: sourceLocation)
    }

    @Test func everyFieldAndSetterIsThePlainStructs() {
        var maker = Maker(random: SeededFreshValues(seed: 41))
        for _ in 0..<300 {
            var plain = maker.subscription()
            var packed = plain.packed
            Self.expectSame(packed, plain)
            let frozen = packed, before = plain
            for _ in 0..<1 + maker.int(6) {
                maker.change(&plain, &packed)
                Self.expectSame(packed, plain)
            }
            #expect(packed == plain.packed)
            // A copy taken before the changes kept what it had.
            Self.expectSame(frozen, before)
        }
    }

    @Test func everyStatusAndQuantityBoundaryRoundTrips() {
        var maker = Maker(random: SeededFreshValues(seed: 42))
        let quantities = [Int.min, Int(Int32.min) - 1, Int(Int32.min), Int(Int32.min) + 1, -1, 0, 1, Int(Int32.max), Int(Int32.max) + 1, Int.max]
        for status in Subscription.Status.allCases {
            for quantity in quantities {
                var plain = maker.subscription()
                plain.status = status
                plain.quantity = quantity
                var packed = plain.packed
                Self.expectSame(packed, plain)
                // From a large quantity back to a small one and the other way, with or without the rare fields.
                for next in quantities.reversed() {
                    plain.quantity = next
                    packed.quantity = next
                    Self.expectSame(packed, plain)
                    #expect(packed == plain.packed)
                }
            }
        }
    }

    @Test func equalityAndJSONAreThePlainStructs() throws {
        var maker = Maker(random: SeededFreshValues(seed: 43))
        // Sorted keys: this Foundation writes an unsorted object's keys in no fixed order; the CLI sorts them.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        for _ in 0..<400 {
            let a = maker.subscription()
            var b = a, packedB = a.packed
            if maker.int(2) == 0 { maker.change(&b, &packedB) }
            #expect((a.packed == packedB) == (a == b))
            #expect((a.packed == b.packed) == (a == b))
            #expect(try encoder.encode(a.packed) == encoder.encode(PlainJSON(plain: a)))
            #expect(try JSONDecoder().decode(Subscription.self, from: JSONEncoder().encode(PlainJSON(plain: a))) == a.packed)
        }
        var nfc = maker.subscription(), nfd = nfc
        nfc.friendlyName = "Zoë"
        nfd.friendlyName = "Zoe\u{308}"
        nfc.partnerId = "Zoë"
        nfd.partnerId = "Zoe\u{308}"
        #expect(nfc == nfd, "the plain struct's String equality")
        #expect(nfc.packed == nfd.packed && nfd.packed.friendlyName.utf8.count == 5 && nfd.packed.partnerId?.utf8.count == 5,
                "equal as Strings, kept as typed")
    }

    /// A subscription of the synthetic world's kind (no support contact, nothing scheduled,
    /// a quantity that fits): 96 bytes inline and nothing else, where the plain struct held
    /// 144 inline (its offer id and name shared with others of that offer, as a snapshot's
    /// decode shares them).
    @Test func aSubscriptionCostsItsInlineBytesAndNothingElse() throws {
        let contact = SupportContact(supportTenantId: Ident(high: 9, low: 9), supportMpnId: "5555555", name: "Fabrikam Support Partners")
        func plain(_ n: Int) -> PlainSubscription {
            PlainSubscription(id: Ident(high: 3, low: UInt64(n)), customerId: Ident(high: 2, low: UInt64(n / 3)),
                              orderId: Ident(high: 4, low: UInt64(n / 3)), offerId: "CFQ7TTC0LH18:0001",
                              friendlyName: "Microsoft 365 Business Basic", quantity: 5 + n % 100, partnerId: n % 2 == 0 ? nil : "4000027",
                              creationDate: Date(timeIntervalSinceReferenceDate: 800_000_000 + Double(n)),
                              effectiveStartDate: Date(timeIntervalSinceReferenceDate: 800_000_000 + Double(n)),
                              commitmentEndDate: Date(timeIntervalSinceReferenceDate: 831_536_000 + Double(n)),
                              supportContact: nil, scheduledNextTerm: nil, status: .active, autoRenewEnabled: true)
        }
        func bytesEach<T>(_ make: (Int) -> T) throws -> [Int] {
            let costs = MallocHeap.growthEach(count: 20_000, make)
            return try #require(costs)
        }
        let plainCosts = try bytesEach(plain)
        let packedCosts = try bytesEach { plain($0).packed }
        #expect(MemoryLayout<Subscription>.stride == 96 && MemoryLayout<PlainSubscription>.stride == 144)
        // Exact: what one owns beside its inline bytes, read from malloc, so no other test moves it.
        let usual = plain(1).packed
        #expect(Mirror(reflecting: usual).descendant("seldom", "some") == nil, "a usual subscription owns no block")
        var rare = usual
        rare.supportContact = contact
        let held = try #require(Mirror(reflecting: rare).descendant("seldom", "some") as? AnyObject)
        let owned = MemoryLayout<Subscription>.stride + (try #require(MallocHeap.blockBytes(of: held)))
        // 96 and a block of 128 (its header, the contact, the scheduled change and a large quantity's room).
        #expect(owned <= 224, "a subscription with a support contact owns \(owned) bytes")
        // Whole: the heap's growth, which also counts any allocation the packing forgot; other
        // suites allocate meanwhile, so the bound sits between the packed and the plain costs.
        #expect(packedCosts.min()! <= 120, "a packed subscription costs \(packedCosts) bytes (the plain struct \(plainCosts))")
        #expect(plainCosts.max()! > 120, "the bound is one the plain struct cannot meet: \(plainCosts) bytes")
    }
}
#endif
