import Foundation
import PartnerCore
import PropertyBased
import Testing

/// The Customers page's type-to-filter: folding (case, accents, width), CJK, field and
/// row boundaries, display order, and narrowing as the query grows.
@Suite struct CustomerSearchIndexTests {
    static func customer(_ n: UInt64, _ name: String, domain: String? = nil, first: String = "Pat", last: String = "Lee",
                         email: String? = nil) -> Customer {
        let prefix = "c\(n)"
        return Customer(
            id: Ident(high: 0xC0FFEE, low: n),
            companyProfile: CompanyProfile(domain: domain ?? "\(prefix).onmicrosoft.com", companyName: name),
            billingProfile: BillingProfile(firstName: first, lastName: last, email: email ?? "it@\(prefix).example",
                                           phone: "", culture: "en-US", language: "en", defaultAddress: PostalAddress()),
            associatedPartnerId: nil, relationships: [], channel: .ownMarketing,
            createdAt: Date(timeIntervalSince1970: 0), adminUserName: "admin@\(prefix).onmicrosoft.com")
    }

    let customers = [
        customer(1, "Shop 10"),
        customer(2, "shop 2"),
        customer(3, "Zebra Logistics"),
        customer(4, "Ábaco Sistemas"),
        customer(5, "Café Müller", first: "Jörg", last: "Baumann"),
        customer(6, "Cafe\u{301} De\u{301}compose\u{301}"),
        customer(7, "日本システム株式会社", first: "花子", last: "佐藤"),
        customer(8, "ＡＢＣ Trading"),
        customer(9, "Evil \u{1B}[31mRed\u{1B}[0m"),
        customer(10, "Alpha", domain: "beta.onmicrosoft.com"),
        customer(11, "ΕΛΛΗΝΙΚΉ Εταιρεία"),
    ]

    func names(_ index: CustomerSearchIndex, _ positions: [Int]) -> [String] {
        let byId = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0.name) })
        return positions.map { byId[index.ids[$0]] ?? "?" }
    }

    @Test func emptyQueryListsEveryCustomerByNameAsPeopleReadIt() {
        let index = CustomerSearchIndex(customers.shuffled())
        let all = index.positions(matching: "")
        #expect(all == Array(0..<customers.count))
        #expect(names(index, all) == [
            "Ábaco Sistemas", "ＡＢＣ Trading", "Alpha", "Cafe\u{301} De\u{301}compose\u{301}", "Café Müller",
            "Evil \u{1B}[31mRed\u{1B}[0m", "shop 2", "Shop 10", "Zebra Logistics", "ΕΛΛΗΝΙΚΉ Εταιρεία", "日本システム株式会社",
        ])
        // The same set in any order gives the same order: equal names go by id.
        #expect(CustomerSearchIndex(customers.reversed()).ids == index.ids)
        let twins = CustomerSearchIndex([Self.customer(31, "Twin"), Self.customer(30, "twin"), Self.customer(32, "Twin 1")])
        #expect(twins.ids.map(\.low) == [30, 31, 32])
    }

    @Test func accentsAndCaseDoNotMatter() {
        let index = CustomerSearchIndex(customers)
        #expect(names(index, index.positions(matching: "cafe")) == ["Cafe\u{301} De\u{301}compose\u{301}", "Café Müller"])
        #expect(names(index, index.positions(matching: "CAFÉ")).count == 2)
        #expect(names(index, index.positions(matching: "décomposé")) == ["Cafe\u{301} De\u{301}compose\u{301}"])
        #expect(names(index, index.positions(matching: "muller")) == ["Café Müller"])
        #expect(names(index, index.positions(matching: "abaco")) == ["Ábaco Sistemas"])
        #expect(names(index, index.positions(matching: "ελληνικη")) == ["ΕΛΛΗΝΙΚΉ Εταιρεία"])
        #expect(names(index, index.positions(matching: "abc")) == ["ＡＢＣ Trading"], "full-width letters fold to plain ones")
        let letters = CustomerSearchIndex([Self.customer(20, "Łódź Ærø"), Self.customer(21, "Lodz Zebra"), Self.customer(22, "Mainz")])
        #expect(letters.positions(matching: "lodz aero").count == 1, "Ł and Æ are typed as L and AE")
        #expect(letters.positions(matching: "LODZ").count == 2)
        #expect(letters.positions(matching: "").map { letters.ids[$0].low } == [20, 21, 22], "and sorted with them, before Mainz")
    }

    @Test func cjkMatchesAnyPartOfTheName() {
        let index = CustomerSearchIndex(customers)
        #expect(names(index, index.positions(matching: "日本")) == ["日本システム株式会社"])
        #expect(names(index, index.positions(matching: "株式")) == ["日本システム株式会社"])
        #expect(names(index, index.positions(matching: "佐藤")) == ["日本システム株式会社"], "the contact's name counts")
        #expect(index.positions(matching: "中国").isEmpty)
    }

    @Test func domainContactAndEmailMatchButNeverAcrossFields() {
        let index = CustomerSearchIndex(customers)
        #expect(names(index, index.positions(matching: "c3.onmicrosoft")) == ["Zebra Logistics"])
        #expect(names(index, index.positions(matching: "jorg")) == ["Café Müller"])
        #expect(names(index, index.positions(matching: "it@c10.")) == ["Alpha"])
        #expect(index.positions(matching: "alphabeta").isEmpty)
        #expect(index.positions(matching: "alpha beta").isEmpty)
        #expect(index.positions(matching: "alpha\tbeta").isEmpty, "a pasted tab is not a field separator")
        #expect(index.positions(matching: "logistics\nc4").isEmpty, "nor a line break a row separator")
    }

    @Test func escapeSequencesAreSearchableTextNotStructure() {
        let index = CustomerSearchIndex(customers)
        #expect(names(index, index.positions(matching: "[31mred")) == ["Evil \u{1B}[31mRed\u{1B}[0m"])
        #expect(names(index, index.positions(matching: "evil")) == ["Evil \u{1B}[31mRed\u{1B}[0m"])
    }

    @Test func candidatesLimitTheSearchAndPositionsComeInDisplayOrder() throws {
        let index = CustomerSearchIndex(customers)
        let shops = index.positions(of: [customers[1].id, customers[0].id, Ident(high: 1, low: 1)])
        #expect(shops == shops.sorted() && shops.count == 2, "unknown ids are left out")
        #expect(names(index, index.positions(matching: "", within: shops)) == ["shop 2", "Shop 10"])
        #expect(names(index, index.positions(matching: "10", within: shops)) == ["Shop 10"])
        #expect(index.positions(matching: "zebra", within: shops).isEmpty)
        #expect(index.position(of: customers[2].id).map { index.ids[$0] } == customers[2].id)
    }

    @Test func aGrowingQuerySearchesOnlyThePreviousResult() {
        let index = CustomerSearchIndex(customers)
        var search = CustomerSearch(index: index)
        let c = search.positions(matching: "c")
        #expect(search.lastSearched == customers.count)
        let ca = search.positions(matching: "ca")
        #expect(search.lastSearched == c.count)
        let caf = search.positions(matching: "caf")
        #expect(search.lastSearched == ca.count)
        #expect(caf == index.positions(matching: "caf"))
        _ = search.positions(matching: "caf")
        #expect(search.lastSearched == 0, "the same query again is not searched again")
        // Backspace brings back what the shorter query found, unsearched.
        #expect(search.positions(matching: "ca") == ca)
        #expect(search.lastSearched == 0, "Backspace searches nothing")
        // Typing in the middle still only grows the query: "cé" contains "c".
        _ = search.positions(matching: "c")
        _ = search.positions(matching: "xc")
        #expect(search.lastSearched == c.count)
        // Deleting a character widens it again: the whole scope is searched.
        let shorter = search.positions(matching: "x")
        #expect(search.lastSearched == customers.count)
        #expect(shorter == index.positions(matching: "x"))
        // A new scope starts over.
        search.setScope(index.positions(of: [customers[4].id]))
        #expect(names(index, search.positions(matching: "ca")) == ["Café Müller"])
        #expect(search.lastSearched == 1)
    }

    /// The scan (anchored on the rarest byte, continuing after each hit's row) finds
    /// exactly what a naive contains over each folded field finds.
    @Test func scanAgreesWithANaiveSearch() {
        var many: [Customer] = []
        let words = ["Alpine", "Ski", "House", "Café", "Müller", "日本", "商事", "Northwind", "Traders", "Coho", "Winery", "Łódź"]
        for n in 0..<400 {
            let name = "\(words[n % words.count]) \(words[(n * 7 + 3) % words.count]) \(n)"
            many.append(Self.customer(UInt64(100 + n), name, first: words[(n * 5) % words.count], last: "X"))
        }
        let index = CustomerSearchIndex(many)
        let byId = Dictionary(uniqueKeysWithValues: many.map { ($0.id, $0) })
        let queries = ["a", "al", "ne", "e ", "ski h", "1", "39", "399", "ü", "日", "本商", "zz", "odz", "winery 1", " ", "x"]
        for query in queries {
            let needle = CustomerSearchIndex.fold(query)
            let expected = index.ids.indices.filter { position in
                let c = byId[index.ids[position]]!
                return [c.name, c.companyProfile.domain, c.billingProfile.contactName, c.billingProfile.email].contains {
                    Self.contains(CustomerSearchIndex.fold($0), needle)
                }
            }
            #expect(index.positions(matching: query) == expected, "query \(query)")
            let evens = index.ids.indices.filter { $0 % 2 == 0 }
            #expect(index.positions(matching: query, within: evens) == expected.filter { $0 % 2 == 0 }, "query \(query) within")
        }
    }

    /// The counting sort that orders rows by their name's rank, then id, against sorting
    /// the pairs: many rows to a rank, one, gaps in the ranks, ids in any order.
    @Test func rowsByRankThenIdAreThePlainSort() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            var random = SeededFreshValues(seed: seed)
            let rows = Int(random.next() % 300)
            let ranks = Int(random.next() % 40) + 1
            let rankOfRow = (0..<rows).map { _ in Int(random.next() % UInt64(ranks)) }
            let ids = (0..<rows).map { _ in Ident(high: 1, low: random.next() % 50) }
            let plain = Array(0..<rows).sorted { (rankOfRow[$0], ids[$0]) < (rankOfRow[$1], ids[$1]) }
            let order = CustomerSearchIndex.orderByRank(rankOfRow, ids: ids)
            // Rows that tie on both (the same id twice, which a real index never has) may
            // come in either order; the ranks and ids in order must be the plain sort's.
            #expect(order.map { rankOfRow[$0] } == plain.map { rankOfRow[$0] })
            #expect(order.map { ids[$0] } == plain.map { ids[$0] })
            #expect(order.sorted() == Array(0..<rows), "every row once")
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Customers added later (another process's new customer under an open Customers
    /// page) are merged into the index: the same order and the same matches as a build of
    /// everyone, for every way of splitting the customers into old and new.
    @Test func addingCustomersGivesWhatABuildOfEveryoneGives() {
        let whole = CustomerSearchIndex(customers)
        let more = customers + [Self.customer(12, "Shop 3"), Self.customer(13, "shop 2"), Self.customer(14, "Aardvark")]
        let wholeMore = CustomerSearchIndex(more)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let shuffled = more.shuffled(using: &generator)
            let cut = Int.random(in: 0...shuffled.count, using: &generator)
            let merged = CustomerSearchIndex(shuffled[..<cut]).adding(shuffled[cut...])
            #expect(merged.ids == wholeMore.ids)
            for query in ["", "shop", "2", "café", "日本", "it@c1", "beta", "zz"] {
                #expect(merged.positions(matching: query) == wholeMore.positions(matching: query), "\(query)")
            }
            for customer in more { #expect(merged.position(of: customer.id) == wholeMore.position(of: customer.id)) }
        }
        #expect(whole.adding([]).ids == whole.ids)
    }
}
