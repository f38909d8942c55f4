import Foundation
import PartnerCore
import TerminalKit

/// Prices as the Review page shows them: two decimals and thousands
/// separators, the same in every locale so a screenshot and a test agree.
enum Money {
    static func format(_ amount: Decimal) -> String {
        var value = amount, rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        let cents = NSDecimalNumber(decimal: rounded * 100).int64Value
        let whole = String(abs(cents) / 100)
        var grouped = ""
        for (i, digit) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let fraction = abs(cents) % 100
        return (cents < 0 ? "-" : "") + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}

extension Offer.BillingCycle {
    var label: String { rawValue }
    /// "billed monthly", "billed annually".
    var adverb: String { self == .monthly ? "monthly" : "annually" }
    /// "a month": how often a line's total is charged.
    var period: String { self == .monthly ? "a month" : "a year" }
}
