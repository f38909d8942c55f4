import Foundation
@testable import PartnerDashboard
@testable import TerminalKit
import Testing

/// The small pieces the order pages are built from.
@Suite struct WizardPartsTests {
    @Test func wrapKeepsWordsWholeAndBreaksOnlyWordsWiderThanALine() {
        #expect(TextWrap.lines("must be an email address like name@example.com", width: 20)
            == ["must be an email", "address like", "name@example.com"])
        #expect(TextWrap.lines("northwindtraders.onmicrosoft.com is taken", width: 20)
            == ["northwindtraders.onm", "icrosoft.com is", "taken"])
        #expect(TextWrap.lines("日本語のテキスト", width: 5) == ["日本", "語の", "テキ", "スト"])
        #expect(TextWrap.lines("is required", width: 20, prefix: "! ") == ["! is required"])
        #expect(TextWrap.lines("one two three", width: 9, prefix: "! ") == ["! one two", "  three"])
    }

    @Test func factsWrapBesideTheirLabelOrStackUnderIt() {
        #expect(FactRows.rows("Customer", "Northwind Traders", labelWidth: 20, width: 50).count == 1)
        let wrapped = FactRows.rows("Address", "1 Main Street, Seattle, WA, 98101, US", labelWidth: 20, width: 50)
        #expect(wrapped.map(\.valueColumn) == [20, 20])
        #expect(wrapped[1].label.isEmpty)
        let stacked = FactRows.rows("Admin user", "admin@northwindtraders.onmicrosoft.com", labelWidth: 20, width: 48)
        #expect(stacked.map(\.value) == ["", "admin@northwindtraders.onmicrosoft.com"])
        #expect(stacked[1].valueColumn == 2)
        let longLabel = FactRows.rows("Designated support contact", "None", labelWidth: 18, width: 50)
        #expect(longLabel.map(\.label) == ["Designated support contact", ""])
        #expect(longLabel[1].value == "None")
    }

    @Test func moneyHasTwoDecimalsAndThousandsInEveryLocale() {
        #expect(Money.format(Decimal(6)) == "6.00")
        #expect(Money.format(Decimal(string: "1020")!) == "1,020.00")
        #expect(Money.format(Decimal(string: "1234567.5")!) == "1,234,567.50")
        #expect(Money.format(Decimal(string: "0.125")!) == "0.13")
        #expect(Money.format(Decimal(string: "-12.5")!) == "-12.50")
    }
}
