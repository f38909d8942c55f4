/// A 128-bit identifier shown as a GUID (the Partner Center's tenant, customer and
/// subscription ids are GUIDs). Stored as two integers so a model of 200,000 customers
/// does not hold millions of heap-allocated id strings.
public struct Ident: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (case-insensitive); nil otherwise.
    public init?(_ text: some StringProtocol) {
        var hex: [UInt8] = []
        hex.reserveCapacity(32)
        for (offset, ch) in text.utf8.enumerated() {
            if ch == UInt8(ascii: "-") {
                guard [8, 13, 18, 23].contains(offset) else { return nil }
                continue
            }
            guard let v = Ident.hexValue(ch) else { return nil }
            hex.append(v)
        }
        guard hex.count == 32, text.utf8.count == 36 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<16 { h = h << 4 | UInt64(hex[i]) }
        for i in 16..<32 { l = l << 4 | UInt64(hex[i]) }
        self.init(high: h, low: l)
    }

    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            let word = i < 16 ? high : low
            let shift = UInt64(60 - (i % 16) * 4)
            out.append(digits[Int((word >> shift) & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 8 hex digits: enough to tell records apart on a narrow screen.
    public var short: String { String(description.prefix(8)) }

    public static func < (a: Ident, b: Ident) -> Bool { (a.high, a.low) < (b.high, b.low) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
        hasher.combine(low)
    }

    /// What `Dictionary` and `Set` use: a 64-bit mix of both words and the seed instead
    /// of SipHash. Ids are 128 random bits made by this program (a secure source, or a
    /// seeded one in tests), so hash flooding is not a concern, and opening a 200,000-
    /// customer workspace hashes an id over two million times (SipHash was a sixth of it).
    /// Equal ids give equal values, as `Hashable` requires.
    public func _rawHashValue(seed: Int) -> Int {
        var x = high ^ (low << 32 | low >> 32) ^ UInt64(bitPattern: Int64(seed))
        // MurmurHash3's 64-bit finaliser: every input bit reaches the low bits buckets use.
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return Int(truncatingIfNeeded: x)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = Ident(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a GUID: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

public typealias AccountID = Ident
public typealias UserID = Ident
public typealias CustomerID = Ident
public typealias SubscriptionID = Ident
public typealias OrderID = Ident
public typealias InvitationID = Ident
public typealias PartnershipID = Ident
public typealias ChangeRequestID = Ident
