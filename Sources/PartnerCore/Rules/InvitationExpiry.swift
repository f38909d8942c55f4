import Foundation

/// How long a sent invitation stays answerable (rule 7): a whole number of days, 30 unless
/// the configuration sets another, within `limits`. The one place the range is checked,
/// for the configuration file and for every command that sends an invitation.
public struct InvitationExpiry: Hashable, Sendable, CustomStringConvertible {
    public let days: Int

    /// A day at least, so a link can be answered; three months at most, so a forgotten
    /// link does not stay a way into the account for long.
    public static let limits: ClosedRange<Int> = 1...90
    public static let standard = InvitationExpiry(checked: 30)
    /// The field name in refusals and in the configuration file.
    public static let field = "invitation_expiry_days"

    public init(days: Int) throws(DomainError) {
        guard Self.limits.contains(days) else {
            throw .invalid(Self.field, "must be a whole number of days from \(Self.limits.lowerBound) to \(Self.limits.upperBound), not \(days)", rule: 7)
        }
        self.init(checked: days)
    }

    private init(checked days: Int) { self.days = days }

    public var interval: TimeInterval { TimeInterval(days) * 86_400 }

    /// Whether an invitation's stored lifetime (expiry minus sending) is one this rule allows.
    public static func allows(_ lifetime: TimeInterval) -> Bool {
        lifetime.truncatingRemainder(dividingBy: 86_400) == 0 && limits.contains(Int(lifetime / 86_400))
    }

    public var description: String { "\(days) day\(days == 1 ? "" : "s")" }
}
