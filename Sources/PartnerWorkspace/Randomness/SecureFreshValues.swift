import Foundation
import PartnerCore
import PartnerStore

/// Fresh ids and secrets from the system's cryptographic random source
/// (`SystemRandomNumberGenerator` reads getrandom(2) on Linux).
public struct SecureFreshValues: FreshValues, Sendable {
    private var rng = SystemRandomNumberGenerator()

    public init() {}

    public mutating func id() -> Ident {
        // Version-4 GUID bits, as tenant and customer ids are.
        let high = (rng.next() as UInt64) & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = (rng.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return Ident(high: high, low: low)
    }

    public mutating func token() -> String { Secrets.encodeToken((0..<4).map { _ in rng.next() }) }

    public mutating func temporaryPassword() -> String {
        var source = rng
        defer { rng = source }
        return Secrets.password { source.next() }
    }

    public mutating func verificationCode() -> String {
        String(format: "%06d", rng.next(upperBound: UInt64(1_000_000)))
    }
}
