import Foundation
import PartnerCore
import PropertyBased
import Testing

/// Type-ahead narrows by remembering earlier results; it must always list exactly what a
/// plain filter of the whole list by the Customers rule would.
@Suite struct NameSearchTests {
    /// Letters that fold together (case, accents, full width) and a few that do not.
    static let letters: [Character] = ["a", "A", "á", "Ä", "b", "B", "é", "E", "e", "ｂ", " ", "3", "o", "Ö"]

    enum Edit { case type(Character), erase, clear }

    static func edits(_ seeds: [UInt64]) -> [Edit] {
        seeds.map { seed in
            switch seed % 10 {
            case 0...6: return .type(letters[Int(seed / 10 % UInt64(letters.count))])
            case 7, 8: return .erase
            default: return .clear
            }
        }
    }

    static func names(_ seeds: [UInt64]) -> [String] {
        seeds.map { seed in
            var s = seed, name = ""
            for _ in 0..<(1 + Int(seed % 7)) {
                name.append(letters[Int(s % UInt64(letters.count))])
                s /= UInt64(letters.count)
            }
            return name
        }
    }

    @Test func narrowingAsYouTypeEqualsAPlainFilter() async {
        await propertyCheck(count: 300, input: Gen<UInt64>.value().array(of: 0...40), Gen<UInt64>.value().array(of: 1...30)) { nameSeeds, editSeeds in
            let names = Self.names(nameSeeds)
            var search = NameSearch(names)
            var query = ""
            for edit in Self.edits(editSeeds) {
                switch edit {
                case .type(let c): query.append(c)
                case .erase: if !query.isEmpty { query.removeLast() }
                case .clear: query = ""
                }
                let plain = names.indices.filter { NameSearch.matches(query, names[$0]) }
                #expect(search.positions(matching: query) == plain, "query \"\(query)\" over \(names)")
                // And the rule is the one people expect: no case, no accents, no width variants.
                let foundation = names.indices.filter { Self.foundationFold(names[$0]).contains(Self.foundationFold(query)) || query.isEmpty }
                #expect(plain == foundation, "query \"\(query)\" over \(names)")
            }
        }
    }

    static func foundationFold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    @Test func threeLettersFindOneOfTwoHundredResellers() {
        let names = (0..<199).map { "Reseller \($0) Fachhandel" } + ["Fabrikam Solutions"]
        var search = NameSearch(names)
        #expect(search.positions(matching: "f").count > 1)
        #expect(search.positions(matching: "fab") == [199])
        #expect(search.positions(matching: "FÁB") == [199], "accents and case do not matter")
        #expect(search.positions(matching: "fa").count == 200, "Backspace widens again")
        #expect(search.positions(matching: "").count == 200, "Backspace to nothing lists them all")
    }
}
