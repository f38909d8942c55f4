import Foundation

/// Who a command runs as.
public enum Actor: Equatable, Sendable {
    /// A signed-in user of a partner account.
    case user(UserID)
    /// A customer following an invitation link (the link's token is the credential).
    case customer(email: String)
    /// Someone enrolling a new account, who has no user yet.
    case enrollee
}

/// Values a command needs that the domain may not make itself: the time and fresh
/// random values. The caller supplies them (a secure source in the program, a seeded one
/// in tests), and they end up inside events, so replay never asks again.
public protocol FreshValues {
    mutating func id() -> Ident
    /// A single-use secret for an invitation link (URL-safe).
    mutating func token() -> String
    /// A temporary password for a new customer's admin user.
    mutating func temporaryPassword() -> String
    /// The six-digit code mailed to a new reseller's primary contact.
    mutating func verificationCode() -> String
}

/// A deterministic source, for tests and for `partnerdash gen --seed`; also a seeded
/// `RandomNumberGenerator` for tests and the benchmark.
public struct SeededFreshValues: FreshValues, RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64: tiny, fast, good enough for reproducible test data (never for secrets).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func id() -> Ident { Ident(high: next(), low: next()) }
    public mutating func token() -> String { Secrets.encodeToken((0..<4).map { _ in next() }) }
    public mutating func temporaryPassword() -> String { Secrets.password { self.next() } }
    public mutating func verificationCode() -> String { String(format: "%06d", next() % 1_000_000) }
}

/// What a command is given besides its own arguments.
public struct CommandContext {
    public var now: Date
    public var fresh: any FreshValues
    public var catalog: OfferCatalog

    public init(now: Date, fresh: any FreshValues, catalog: OfferCatalog) {
        self.now = now
        self.fresh = fresh
        self.catalog = catalog
    }
}
