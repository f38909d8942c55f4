import Foundation
import PropertyBased
import Testing
@testable import PartnerCore

/// A decode's `InternedNumbers` answers from its table of recent texts (`RecentTexts`)
/// exactly what the shared table answers, for random texts and pairs, including texts
/// that differ only in the bytes the table's key leaves out, and so share a slot.
struct InternedNumbersTests {
    @Test func numbersAreTheSharedTablesForRandomTextsAndPairs() async {
        await propertyCheck(count: 30, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            let texts = Self.texts(&random)
            var numbers = InternedNumbers()
            for _ in 0..<4_000 {
                let first = texts[Int(random.next() % UInt64(texts.count))]
                let second = texts[Int(random.next() % UInt64(texts.count))]
                if random.next() % 2 == 0 {
                    #expect(numbers.number(of: first) == InternedTexts.shared.number(of: first), "\(first)")
                } else {
                    #expect(numbers.pairNumber(of: first, second) == InternedTexts.shared.pairNumber(of: first, second),
                            "\(first) / \(second)")
                }
            }
        }
    }

    /// The texts that share a key do: otherwise the test above would not reach the
    /// comparison that tells them apart.
    @Test func textsDifferingOutsideTheKeyedBytesShareAKey() {
        var random = SeededFreshValues(seed: 7)
        for text in (0..<50).map({ _ in Self.text(&random, count: 30) }) {
            let twins = Self.twins(of: text)
            #expect(Set(twins.map(RecentTexts.key)).count == 1)
            #expect(Set(twins).count == twins.count)
        }
    }

    /// Offer-like ids, friendly names with accents, the empty text, short texts, and for
    /// some of them twins that differ only outside the bytes the key reads.
    private static func texts(_ random: inout SeededFreshValues) -> [String] {
        var texts = [""]
        for _ in 0..<Int(5 + random.next() % 60) {
            let text = Self.text(&random, count: Int(random.next() % 40))
            texts.append(text)
            if text.utf8.count == 30 || random.next() % 3 == 0 { texts += twins(of: Self.text(&random, count: 30)) }
        }
        return texts
    }

    private static let alphabet = Array("ABCDEFQT0123456789:- abcéü東")

    private static func text(_ random: inout SeededFreshValues, count: Int) -> String {
        let ascii = random.next() % 2 == 0
        var text = String((0..<count).map { _ in alphabet[Int(random.next() % UInt64(ascii ? 24 : alphabet.count))] })
        // Keeps every twin the same length in bytes: only ASCII texts are given twins.
        if !ascii { text += "é" }
        return text
    }

    /// `text` (30 ASCII bytes or not) with the bytes the key leaves out (8–10 and 19–21 of
    /// 30: it reads 0–7, 11–18 and 22–29) changed, four ways.
    private static func twins(of text: String) -> [String] {
        var bytes = Array(text.utf8.prefix(30))
        while bytes.count < 30 { bytes.append(UInt8(ascii: "x")) }
        bytes = bytes.map { $0 < 0x80 ? $0 : UInt8(ascii: "y") }
        return (0..<4).map { variant in
            var twin = bytes
            twin[8] = UInt8(ascii: "a") + UInt8(variant)
            twin[20] = UInt8(ascii: "k") + UInt8(variant % 2)
            return String(decoding: twin, as: UTF8.self)
        }
    }
}
