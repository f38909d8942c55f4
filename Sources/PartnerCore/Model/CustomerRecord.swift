import Foundation

/// Everything of a customer but its id, packed into one byte array: a customer held a
/// dozen `String`s, an array of relationships and two dates inline (304 bytes), and each
/// string of more than 15 bytes and the array were an allocation of their own. Packed, a
/// customer is its id and one reference, and its text one allocation of about its own size.
///
/// Layout (every value little-endian):
///
/// | bytes | what |
/// | --- | --- |
/// | 0..<8 | `createdAt`: the `Double`'s bit pattern (exact, so JSON prints it as before) |
/// | 8 | `channel`: its index in `Customer.Channel.allCases` |
/// | 9 | flags: bit 0 set when the admin is `admin@<domain>` and not stored |
/// | 10 | the associated reseller: 0 none, k in 1...254 the partner of relationship k − 1, 255 stored last |
/// | 11... | the 14 texts in `Customer.Text`'s order, each a varint length and its UTF-8 |
/// | | the relationships: a varint count, then each: the partner id (16 bytes), the kind's index, 0 when `since` is `createdAt` else 1 and the 8 bytes of `since` |
/// | | the admin's user name as a text, unless flag bit 0 says it is `admin@<domain>` |
/// | | the associated reseller's id (16 bytes) when byte 10 is 255 |
///
/// The same fields give the same bytes, so equal bytes mean equal customers; unequal bytes
/// can still hold equal fields (a string in another Unicode normal form, a date of −0 and
/// one of +0), which `Customer.==` asks the fields about.
struct CustomerRecord: Sendable {
    let bytes: [UInt8]

    static let createdAtOffset = 0
    static let channelOffset = 8
    static let flagsOffset = 9
    static let associatedOffset = 10
    static let textsOffset = 11
    static let adminIsDerived: UInt8 = 1
    static let associatedStoredLast: UInt8 = 255
    static let sinceIsCreatedAt: UInt8 = 0
    static let sinceStored: UInt8 = 1

    /// The texts' count: `Customer.Text.allCases.count`, fixed by the layout.
    static let textCount = 14
    /// Made once: `allCases` makes its array at every call.
    static let channels = Customer.Channel.allCases
    static let kinds = CustomerRelationship.Kind.allCases
    static let adminPrefix = Array("admin@".utf8)

    func withBytes<R>(_ body: (Cursor) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { try body(Cursor(bytes: $0)) }
    }

    /// Reads a record the packer made (so never out of bounds: no checks but the buffer's own).
    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>

        @inline(__always) func varint(_ at: inout Int) -> Int { Int(truncatingIfNeeded: Varint.read(bytes, &at)) }

        @inline(__always) func uint64(_ at: Int) -> UInt64 {
            UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }

        func ident(_ at: Int) -> Ident { Ident(high: uint64(at), low: uint64(at + 8)) }

        func date(_ at: Int) -> Date { Date(timeIntervalSinceReferenceDate: Double(bitPattern: uint64(at))) }

        var createdAt: Date { date(CustomerRecord.createdAtOffset) }

        /// Where text `index` lies (0..<14, or 14 for what follows the texts).
        func textRange(_ index: Int) -> Range<Int> {
            var at = CustomerRecord.textsOffset
            for _ in 0..<index { at += varint(&at) }
            let count = varint(&at)
            return at..<(at + count)
        }

        func text(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

        func string(_ range: Range<Int>) -> String { String(decoding: text(range), as: UTF8.self) }

        /// Where the relationships' count is: just past the last text.
        var relationshipsOffset: Int {
            var at = CustomerRecord.textsOffset
            for _ in 0..<CustomerRecord.textCount { at += varint(&at) }
            return at
        }

        /// Calls `body` with each relationship's partner, kind index and `since` offset (nil
        /// when it is `createdAt`), in order; returns the offset just past them.
        @discardableResult
        func forEachRelationship(_ body: (Int, Int, UInt8, Int?) -> Void) -> Int {
            var at = relationshipsOffset
            let count = varint(&at)
            for index in 0..<count {
                let partner = at
                let kind = bytes[at + 16]
                let tag = bytes[at + 17]
                at += 18
                if tag == CustomerRecord.sinceStored {
                    body(index, partner, kind, at)
                    at += 8
                } else {
                    body(index, partner, kind, nil)
                }
            }
            return at
        }

        func relationships() -> [CustomerRelationship] {
            var out: [CustomerRelationship] = []
            forEachRelationship { _, partner, kind, since in
                var relationship = CustomerRelationship(partnerId: ident(partner), since: since.map(date) ?? createdAt)
                relationship.relationshipToPartner = CustomerRecord.kinds[Int(kind)]
                out.append(relationship)
            }
            return out
        }

        func hasPartner(_ partner: AccountID) -> Bool {
            var found = false
            forEachRelationship { _, at, _, _ in
                if !found && uint64(at) == partner.high && uint64(at + 8) == partner.low { found = true }
            }
            return found
        }

        /// The offset of the admin's stored name (past the relationships), and of what follows it.
        var adminRange: Range<Int>? {
            guard bytes[CustomerRecord.flagsOffset] & CustomerRecord.adminIsDerived == 0 else { return nil }
            var at = forEachRelationship { _, _, _, _ in }
            let count = varint(&at)
            return at..<(at + count)
        }

        var adminUserName: String {
            if let range = adminRange { return string(range) }
            return "admin@" + string(textRange(Customer.Text.domain.rawValue))
        }

        var associatedPartnerId: AccountID? {
            let tag = bytes[CustomerRecord.associatedOffset]
            if tag == 0 { return nil }
            if tag == CustomerRecord.associatedStoredLast { return ident(bytes.count - 16) }
            var partner: AccountID?
            forEachRelationship { index, at, _, _ in
                if index == Int(tag) - 1 { partner = ident(at) }
            }
            return partner
        }
    }
}

extension Customer {
    /// A customer's text fields, in the order they are packed (the snapshot's order too).
    public enum Text: Int, CaseIterable, Sendable {
        case domain, companyName, firstName, lastName, email, phone, culture, language
        case addressLine1, addressLine2, city, state, postalCode, country
    }

    /// Builds a customer's packed record from its fields in the layout's order, so that a
    /// decoder can hand over each text's UTF-8 as it reads it and no `String` is made:
    /// the 14 texts (`Text`'s order), then the relationships, then `finish`. A packer is
    /// used in place (a local variable, passed `inout`), never copied: copies would share
    /// their scratch bytes.
    public struct Packer {
        private let bytes = PackerScratch(capacity: 256)
        private var texts = 0
        private var relationshipsLeft = 0
        private var relationshipsOffset = 0

        public init() {
            begin()
        }

        /// Starts the next customer in the same scratch bytes: a decoder packs 200,000
        /// customers with one packer, and each customer's record is then its one allocation.
        public mutating func begin() {
            bytes.count = 0
            bytes.appendZeros(CustomerRecord.textsOffset)
            texts = 0
            relationshipsLeft = 0
            relationshipsOffset = 0
        }

        /// The next text, in `Text`'s order. Bytes that are not valid UTF-8 are repaired
        /// as `String(decoding:as:)` repairs them, so a getter gives what was stored.
        public mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>) {
            precondition(texts < CustomerRecord.textCount, "a customer has \(CustomerRecord.textCount) texts")
            texts += 1
            appendUTF8(utf8)
        }

        public mutating func appendText(_ text: String) {
            var text = text
            text.withUTF8 { appendText($0) }
        }

        private func appendUTF8(_ utf8: UnsafeBufferPointer<UInt8>) {
            if Self.isASCII(utf8) {
                bytes.appendVarint(UInt64(utf8.count))
                bytes.append(utf8)
            } else {
                // Valid text comes back byte for byte; invalid bytes become U+FFFD.
                var repaired = String(decoding: utf8, as: UTF8.self)
                repaired.withUTF8 { valid in
                    bytes.appendVarint(UInt64(valid.count))
                    bytes.append(valid)
                }
            }
        }

        public mutating func beginRelationships(count: Int) {
            precondition(texts == CustomerRecord.textCount, "every text comes before the relationships")
            relationshipsOffset = bytes.count
            relationshipsLeft = count
            bytes.appendVarint(UInt64(count))
        }

        /// `since` is stored whole here; `finish` drops it where it is `createdAt`.
        public mutating func appendRelationship(partner: AccountID, kind: CustomerRelationship.Kind, since: Date) {
            precondition(relationshipsLeft > 0, "more relationships than begun")
            relationshipsLeft -= 1
            bytes.appendUInt64(partner.high)
            bytes.appendUInt64(partner.low)
            bytes.append(UInt8(CustomerRecord.kinds.firstIndex(of: kind) ?? 0))
            bytes.append(CustomerRecord.sinceStored)
            bytes.appendUInt64(Self.bits(since))
        }

        public mutating func finish(id: CustomerID, associatedPartnerId: AccountID?, channel: Channel, createdAt: Date,
                                    adminUserName: UnsafeBufferPointer<UInt8>) -> Customer {
            precondition(texts == CustomerRecord.textCount && relationshipsLeft == 0, "a customer packed in part")
            let created = Self.bits(createdAt)
            let associatedPlace = compactRelationships(createdAt: created, finding: associatedPartnerId)
            bytes.writeUInt64(created, at: CustomerRecord.createdAtOffset)
            bytes[CustomerRecord.channelOffset] = UInt8(CustomerRecord.channels.firstIndex(of: channel) ?? 0)
            if isDerivedAdmin(adminUserName) {
                bytes[CustomerRecord.flagsOffset] = CustomerRecord.adminIsDerived
            } else {
                appendUTF8(adminUserName)
            }
            if let associated = associatedPartnerId {
                if let k = associatedPlace, k < 254 {
                    bytes[CustomerRecord.associatedOffset] = UInt8(k + 1)
                } else {
                    bytes[CustomerRecord.associatedOffset] = CustomerRecord.associatedStoredLast
                    bytes.appendUInt64(associated.high)
                    bytes.appendUInt64(associated.low)
                }
            }
            // Exactly as long as it needs to be: the scratch's spare capacity stays behind.
            return Customer(id: id, record: CustomerRecord(bytes: Array(bytes.written)))
        }

        public mutating func finish(id: CustomerID, associatedPartnerId: AccountID?, channel: Channel, createdAt: Date,
                                    adminUserName: String) -> Customer {
            var admin = adminUserName
            return admin.withUTF8 {
                finish(id: id, associatedPartnerId: associatedPartnerId, channel: channel, createdAt: createdAt, adminUserName: $0)
            }
        }

        /// Drops each `since` that is `createdAt` (in place: the record only shrinks), and
        /// returns the place of the first relationship with `partner`, if any.
        private func compactRelationships(createdAt: UInt64, finding partner: AccountID?) -> Int? {
            var place: Int?
            let p = bytes.base
            let cursor = CustomerRecord.Cursor(bytes: bytes.written)
            var read = relationshipsOffset
            let count = cursor.varint(&read)
            var write = read
            for index in 0..<count {
                if place == nil, let partner, cursor.ident(read) == partner { place = index }
                let sinceIsCreatedAt = cursor.uint64(read + 18) == createdAt
                let length = sinceIsCreatedAt ? 18 : 26
                // Forward, and never ahead of what is read: the two ranges may overlap.
                if write != read { for i in 0..<length { p[write + i] = p[read + i] } }
                p[write + 17] = sinceIsCreatedAt ? CustomerRecord.sinceIsCreatedAt : CustomerRecord.sinceStored
                write += length
                read += 26
            }
            bytes.count = write
            return place
        }

        private func isDerivedAdmin(_ admin: UnsafeBufferPointer<UInt8>) -> Bool {
            let prefix = CustomerRecord.adminPrefix
            let packed = bytes.written
            let domain = CustomerRecord.Cursor(bytes: packed).textRange(Text.domain.rawValue)
            // An admin as long as `admin@` and the domain has at least 6 bytes, so neither address is nil.
            guard admin.count == prefix.count + domain.count, let a = admin.baseAddress, let p = packed.baseAddress else {
                return false
            }
            return prefix.withUnsafeBufferPointer { memcmp(a, $0.baseAddress!, prefix.count) == 0 }
                && memcmp(a + prefix.count, p + domain.lowerBound, domain.count) == 0
        }

        /// Eight bytes at a time: the check runs over every text of every customer an open decodes.
        private static func isASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            let raw = UnsafeRawBufferPointer(utf8)
            var at = 0
            var high: UInt64 = 0
            while at + 8 <= raw.count {
                high |= raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                at += 8
            }
            while at < raw.count {
                high |= UInt64(raw[at])
                at += 1
            }
            return high & 0x8080_8080_8080_8080 == 0
        }

        /// A date's exact bits: −0 stays −0 (it prints so), and equality asks the fields when the bits differ.
        static func bits(_ date: Date) -> UInt64 { date.timeIntervalSinceReferenceDate.bitPattern }
    }
}

/// A packer's growing bytes, written through a pointer: an open packs every customer in one
/// packer, and an array's `append` checked its uniqueness and capacity at each of a record's
/// fifty-odd writes (a third of packing).
final class PackerScratch {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The bytes written; lowered to drop the end, never raised past what was written.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    subscript(offset: Int) -> UInt8 {
        get { base[offset] }
        set { base[offset] = newValue }
    }

    @inline(__always) private func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    private func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always) func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Byte by byte: for the few bytes a record starts with, a call to `memset` cost more.
    func appendZeros(_ n: Int) {
        reserve(n)
        for i in 0..<n { base[count + i] = 0 }
        count += n
    }

    /// Unsigned LEB128, as `Varint` reads it.
    @inline(__always) func appendVarint(_ value: UInt64) {
        reserve(10)
        var v = value
        while v >= 0x80 {
            base[count] = UInt8(truncatingIfNeeded: v) | 0x80
            count += 1
            v >>= 7
        }
        base[count] = UInt8(v)
        count += 1
    }

    func appendUInt64(_ value: UInt64) {
        reserve(8)
        writeUInt64(value, at: count)
        count += 8
    }

    func writeUInt64(_ value: UInt64, at offset: Int) {
        UnsafeMutableRawPointer(base + offset).storeBytes(of: value.littleEndian, as: UInt64.self)
    }
}
