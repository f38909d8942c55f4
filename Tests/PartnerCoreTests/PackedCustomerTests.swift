import Foundation
import Testing
@testable import PartnerCore

/// Issue 11, item 3: a customer's fields packed into one record (`CustomerRecord`) must
/// read, change, compare and encode exactly as the plain struct they replaced. That struct
/// is kept here, as it was, as the reference.
@Suite
struct PackedCustomerTests {
    /// `Customer` before it was packed, field for field (its synthesized Codable and equality).
    struct PlainCustomer: Equatable, Codable {
        var id: CustomerID
        var companyProfile: CompanyProfile
        var billingProfile: BillingProfile
        var associatedPartnerId: AccountID?
        var relationships: [CustomerRelationship]
        var channel: Customer.Channel
        var createdAt: Date
        var adminUserName: String

        var packed: Customer {
            Customer(id: id, companyProfile: companyProfile, billingProfile: billingProfile,
                     associatedPartnerId: associatedPartnerId, relationships: relationships, channel: channel,
                     createdAt: createdAt, adminUserName: adminUserName)
        }
    }

    /// Random text of the kinds that break packings: empty, long (lengths past one varint
    /// byte), accents in both normal forms, CJK, emoji, control characters and separators.
    struct TextMaker {
        var random: SeededFreshValues
        static let pieces = ["", "a", "Zoë", "Zoe\u{308}", "東京", "株式会社", "👩‍💻", "\u{0}", "\t", "\n", "\u{7F}", " ", "-",
                             "admin@", ".onmicrosoft.com", "É", "ß", "ﬁ", "Ａ", "\u{200B}", "\\", "\""]

        mutating func int(_ below: Int) -> Int { Int(random.next() % UInt64(below)) }

        mutating func text() -> String {
            switch int(6) {
            case 0: return ""
            case 1: return String(repeating: Self.pieces[int(Self.pieces.count)], count: 100 + int(400))
            default: return (0..<int(12)).map { _ in Self.pieces[int(Self.pieces.count)] }.joined()
            }
        }

        mutating func date() -> Date {
            switch int(4) {
            case 0: return Date(timeIntervalSinceReferenceDate: -0.0)
            case 1: return Date(timeIntervalSinceReferenceDate: Double(int(1_000_000_000)))
            default: return Date(timeIntervalSinceReferenceDate: Double(bitPattern: random.next() >> 2))
            }
        }

        mutating func address() -> PostalAddress {
            PostalAddress(line1: text(), line2: text(), city: text(), state: text(), postalCode: text(), country: text())
        }

        mutating func billing() -> BillingProfile {
            BillingProfile(firstName: text(), lastName: text(), email: text(), phone: text(), culture: text(),
                           language: text(), defaultAddress: address())
        }

        mutating func relationships(createdAt: Date) -> [CustomerRelationship] {
            (0..<int(5)).map { _ in
                CustomerRelationship(partnerId: int(3) == 0 ? Ident(high: 9, low: 9) : random.id(),
                                     since: int(2) == 0 ? createdAt : date())
            }
        }

        mutating func customer() -> PlainCustomer {
            let domain = text(), created = date()
            let relationships = relationships(createdAt: created)
            let associated: AccountID? = switch int(3) {
            case 0: nil
            case 1: relationships.isEmpty ? nil : relationships[int(relationships.count)].partnerId
            default: random.id()
            }
            let admin = switch int(3) {
            case 0: "admin@" + domain
            case 1: "admin@" + domain + "x"
            default: text()
            }
            return PlainCustomer(
                id: random.id(), companyProfile: CompanyProfile(domain: domain, companyName: text()), billingProfile: billing(),
                associatedPartnerId: associated, relationships: relationships,
                channel: Customer.Channel.allCases[int(Customer.Channel.allCases.count)], createdAt: created,
                adminUserName: admin)
        }
    }

    static func expectSameFields(_ packed: Customer, _ plain: PlainCustomer, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(packed.id == plain.id, sourceLocation: sourceLocation)
        #expect(packed.companyProfile == plain.companyProfile, sourceLocation: sourceLocation)
        #expect(packed.billingProfile == plain.billingProfile, sourceLocation: sourceLocation)
        #expect(packed.associatedPartnerId == plain.associatedPartnerId, sourceLocation: sourceLocation)
        #expect(packed.relationships == plain.relationships, sourceLocation: sourceLocation)
        #expect(packed.channel == plain.channel, sourceLocation: sourceLocation)
        #expect(packed.createdAt == plain.createdAt, sourceLocation: sourceLocation)
        #expect(packed.adminUserName == plain.adminUserName, sourceLocation: sourceLocation)
        #expect(packed.name == plain.companyProfile.companyName, sourceLocation: sourceLocation)
        let b = plain.billingProfile, a = b.defaultAddress
        let texts = [plain.companyProfile.domain, plain.companyProfile.companyName, b.firstName, b.lastName, b.email, b.phone,
                     b.culture, b.language, a.line1, a.line2, a.city, a.state, a.postalCode, a.country]
        for (field, text) in zip(Customer.Text.allCases, texts) {
            // Byte for byte, not only canonically equal.
            #expect(Array(packed.text(field).utf8) == Array(text.utf8), "\(field)", sourceLocation: sourceLocation)
            #expect(packed.withUTF8(field) { Array($0) } == Array(text.utf8), "\(field)", sourceLocation: sourceLocation)
        }
        for partner in plain.relationships.map(\.partnerId) + [Ident(high: 7, low: 7)] {
            #expect(packed.isResellerOfRecord(partner) == plain.relationships.contains { $0.partnerId == partner },
                    sourceLocation: sourceLocation)
        }
    }

    @Test func everyFieldReadsBackAsPacked() {
        var maker = TextMaker(random: SeededFreshValues(seed: 11))
        for _ in 0..<400 {
            let plain = maker.customer()
            Self.expectSameFields(plain.packed, plain)
        }
    }

    /// Each setter, on the packed and the plain customer alike, one after another.
    @Test func everySetterChangesItsFieldAndNoOther() {
        var maker = TextMaker(random: SeededFreshValues(seed: 12))
        for _ in 0..<150 {
            var plain = maker.customer()
            var packed = plain.packed
            let other = maker.customer()
            for step in 0..<10 {
                switch step {
                case 0: plain.companyProfile = other.companyProfile; packed.companyProfile = other.companyProfile
                case 1: plain.billingProfile = other.billingProfile; packed.billingProfile = other.billingProfile
                case 2:
                    let city = maker.text()
                    plain.billingProfile.defaultAddress.city = city
                    packed.billingProfile.defaultAddress.city = city
                case 3: plain.associatedPartnerId = other.associatedPartnerId; packed.associatedPartnerId = other.associatedPartnerId
                case 4: plain.relationships = other.relationships; packed.relationships = other.relationships
                case 5:
                    let extra = CustomerRelationship(partnerId: maker.random.id(), since: maker.date())
                    plain.relationships.append(extra)
                    packed.relationships.append(extra)
                case 6: plain.channel = other.channel; packed.channel = other.channel
                case 7: plain.createdAt = other.createdAt; packed.createdAt = other.createdAt
                case 8: plain.adminUserName = other.adminUserName; packed.adminUserName = other.adminUserName
                default:
                    let partner = plain.relationships.first?.partnerId
                    plain.relationships.removeAll { $0.partnerId == partner }
                    packed.relationships.removeAll { $0.partnerId == partner }
                }
                Self.expectSameFields(packed, plain)
                #expect(packed == plain.packed)
            }
        }
    }

    @Test func aCopyIsIndependentOfTheOriginal() {
        var maker = TextMaker(random: SeededFreshValues(seed: 13))
        for _ in 0..<100 {
            let plain = maker.customer()
            var changed = plain.packed
            let frozen = changed
            changed.companyProfile.companyName += "!"
            changed.billingProfile.email = maker.text()
            changed.relationships.append(CustomerRelationship(partnerId: maker.random.id(), since: maker.date()))
            changed.createdAt = maker.date()
            Self.expectSameFields(frozen, plain)
            #expect(changed != frozen)
            #expect(changed.name == plain.companyProfile.companyName + "!")
        }
    }

    /// Equal exactly when the plain structs were: bytes that differ can still be equal
    /// texts (a name in NFC and in NFD), and a −0 date is the +0 one.
    @Test func equalityIsThePlainStructs() {
        var maker = TextMaker(random: SeededFreshValues(seed: 14))
        for _ in 0..<200 {
            let a = maker.customer()
            var b = a
            switch maker.int(5) {
            case 0: b.companyProfile.companyName = "Zoë"
            case 1: b.billingProfile.lastName = maker.text()
            case 2: b.createdAt = Date(timeIntervalSinceReferenceDate: b.createdAt.timeIntervalSinceReferenceDate + 1)
            case 3: b.relationships.reverse()
            default: break
            }
            #expect((a.packed == b.packed) == (a == b))
        }
        var nfc = maker.customer(), nfd = nfc
        nfc.companyProfile.companyName = "Zoë Café"
        nfd.companyProfile.companyName = "Zoe\u{308} Cafe\u{301}"
        #expect(nfc == nfd && nfc.packed == nfd.packed)
        #expect(nfd.packed.name.utf8.count == "Zoe\u{308} Cafe\u{301}".utf8.count, "kept as typed")
        var zero = maker.customer(), negativeZero = zero
        zero.createdAt = Date(timeIntervalSinceReferenceDate: 0)
        negativeZero.createdAt = Date(timeIntervalSinceReferenceDate: -0.0)
        #expect(zero.packed == negativeZero.packed)
    }

    /// The CLI's `--json`, exports and the journal's JSON tools see the same bytes.
    @Test func jsonIsTheSameBytesAsThePlainStructs() throws {
        var maker = TextMaker(random: SeededFreshValues(seed: 15))
        // Keys sorted in both: this Foundation writes an unsorted object's keys in an order
        // that differs from one encode to the next, and the CLI sorts them.
        let plainEncoder = JSONEncoder()
        plainEncoder.outputFormatting = .sortedKeys
        let cliEncoder = JSONEncoder()
        cliEncoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        cliEncoder.dateEncodingStrategy = .iso8601
        for _ in 0..<200 {
            let plain = maker.customer()
            for encoder in [plainEncoder, cliEncoder] {
                let json = try encoder.encode(plain.packed)
                #expect(json == (try encoder.encode(plain)))
                // And back: what the plain struct wrote decodes to the same customer.
                #expect(try JSONDecoder().decode(Customer.self, from: try plainEncoder.encode(plain)) == plain.packed)
            }
        }
    }

    /// Invalid UTF-8 handed to the packer (a damaged snapshot) is repaired as `String(decoding:)`
    /// repairs it, so the getter and the next snapshot both give the repaired text.
    @Test func invalidUTF8IsRepairedAsTheDecoderDid() {
        let damaged: [UInt8] = [0x41, 0xFF, 0xC3, 0x42, 0xE6, 0x9D]
        var packer = Customer.Packer()
        for field in Customer.Text.allCases {
            if field == .companyName {
                damaged.withUnsafeBufferPointer { packer.appendText($0) }
            } else {
                packer.appendText("x")
            }
        }
        packer.beginRelationships(count: 0)
        let customer = packer.finish(id: Ident(high: 1, low: 2), associatedPartnerId: nil, channel: .ownMarketing,
                                     createdAt: Date(timeIntervalSinceReferenceDate: 5), adminUserName: "admin@x")
        #expect(customer.name == String(decoding: damaged, as: UTF8.self))
        #expect(customer.withUTF8(.companyName) { Array($0) } == Array(String(decoding: damaged, as: UTF8.self).utf8))
    }
}
