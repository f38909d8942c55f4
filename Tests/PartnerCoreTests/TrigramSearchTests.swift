import Foundation
import PartnerCore
import PropertyBased
import Testing

/// The trigram index only chooses which rows to read: for random customers and queries
/// (accents, decomposed accents, case, full width, CJK, controls) it finds exactly the
/// customers a plain scan by the filter's rule finds (`Customer.filterMatch`, the rule
/// that also writes the "matched: email …" note), in display order, within a scope or
/// not, after customers are added, and as a query is typed and taken back.
@Suite struct TrigramSearchTests {
    /// Pieces of names: some fold together (a, A, á, Ä, ａ), some are CJK (three UTF-8
    /// bytes each), some are controls that fold to a space.
    static let pieces = ["a", "A", "á", "Ä", "ａ", "b", "B", "e", "é", "E\u{301}", "s", "S", "m", "i", "t", "h", "th",
                         "o", "Ö", "ø", "Ł", "l", " ", "-", ".", "@", "1", "0", "東", "京", "日本", "株", "\u{1B}", "\t"]

    static func text(_ seed: UInt64, length: Int) -> String {
        var s = seed, out = ""
        for _ in 0..<length {
            out += pieces[Int(s % UInt64(pieces.count))]
            s = s / UInt64(pieces.count) &+ s &* 6_364_136_223_846_793_005 &+ 1
        }
        return out
    }

    static func customer(_ n: Int, _ seed: UInt64) -> Customer {
        let piece = { (k: UInt64, length: Int) in text(seed &* 31 &+ k, length: length) }
        return Customer(
            id: Ident(high: 0x7716, low: UInt64(n)),
            companyProfile: CompanyProfile(domain: piece(1, 1 + Int(seed % 5)), companyName: piece(2, 1 + Int(seed % 9))),
            billingProfile: BillingProfile(firstName: piece(3, Int(seed % 4)), lastName: piece(4, 1 + Int(seed % 3)),
                                           email: piece(5, 2 + Int(seed % 6)), phone: "", culture: "en-US", language: "en",
                                           defaultAddress: PostalAddress()),
            associatedPartnerId: nil, relationships: [], channel: .ownMarketing,
            createdAt: Date(timeIntervalSince1970: 0), adminUserName: "admin")
    }

    /// A query: random pieces, or a piece of some customer's field as stored (so most
    /// queries find someone), at times in upper case.
    static func query(_ seed: UInt64, customers: [Customer]) -> String {
        guard seed % 3 != 0, !customers.isEmpty else { return text(seed, length: 1 + Int(seed % 5)) }
        let c = customers[Int(seed / 3 % UInt64(customers.count))]
        let fields = [c.name, c.companyProfile.domain, c.billingProfile.firstName + " " + c.billingProfile.lastName, c.billingProfile.email]
        let field = Array(fields[Int(seed / 7 % 4)])
        guard !field.isEmpty else { return "" }
        let start = Int(seed / 11 % UInt64(field.count))
        let length = 1 + Int(seed / 13 % 6)
        let found = String(field[start..<min(field.count, start + length)])
        return seed % 5 == 0 ? found.uppercased() : found
    }

    /// The query after one more key: Backspace, a query pasted whole, or a piece typed.
    static func typing(_ key: UInt64, after query: String, customers: [Customer]) -> String {
        switch key % 8 {
        case 0, 1: return String(query.dropLast())
        case 2: return Self.query(key, customers: customers)
        default: return query + pieces[Int(key / 8 % UInt64(pieces.count))]
        }
    }

    /// The plain scan: every customer of the index, in its order, that the filter's rule matches.
    static func plain(_ query: String, _ index: CustomerSearchIndex, _ byId: [CustomerID: Customer]) -> [Int] {
        if CustomerSearchIndex.fold(query).isEmpty { return Array(index.ids.indices) }
        return index.ids.indices.filter { byId[index.ids[$0]]?.filterMatch(query) != nil }
    }

    @Test func trigramsFindWhatAPlainScanFinds() async {
        await propertyCheck(count: 150, input: Gen<UInt64>.value().array(of: 0...60), Gen<UInt64>.value().array(of: 1...12)) { seeds, querySeeds in
            let customers = seeds.enumerated().map { Self.customer($0.offset, $0.element) }
            let byId = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
            let index = CustomerSearchIndex(customers)
            let scope = index.ids.indices.filter { $0 % 3 != 1 }
            for querySeed in querySeeds {
                let query = Self.query(querySeed, customers: customers)
                let expected = Self.plain(query, index, byId)
                #expect(index.positions(matching: query, method: .trigrams) == expected, "\"\(query)\" over \(customers.map(\.name))")
                #expect(index.positions(matching: query, method: .scan) == expected, "\"\(query)\"")
                #expect(index.positions(matching: query, within: scope, method: .trigrams) == expected.filter { $0 % 3 != 1 },
                        "\"\(query)\" within a scope")
            }
        }
    }

    /// Customers added to an index whose trigrams were built (another process's new
    /// customers under an open page) are found as a fresh build finds them.
    @Test func addedCustomersAreFoundAsIfBuiltTogether() async {
        await propertyCheck(count: 100, input: Gen<UInt64>.value().array(of: 1...50), Gen<UInt64>.value().array(of: 1...10)) { seeds, querySeeds in
            let customers = seeds.enumerated().map { Self.customer($0.offset, $0.element) }
            let byId = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
            let first = Int(seeds[0] % UInt64(customers.count))
            let middle = first + (customers.count - first) / 2
            var index = CustomerSearchIndex(customers[..<first])
            index.prepareTrigrams()
            index = index.adding(customers[first..<middle]).adding(customers[middle...])
            let whole = CustomerSearchIndex(customers)
            #expect(index.ids == whole.ids)
            for querySeed in querySeeds {
                let query = Self.query(querySeed, customers: customers)
                #expect(index.positions(matching: query, method: .cheapestBuilt) == Self.plain(query, whole, byId), "\"\(query)\"")
                #expect(index.positions(matching: query, method: .trigrams) == Self.plain(query, whole, byId), "\"\(query)\"")
            }
        }
    }

    /// Typing, erasing and clearing through `CustomerSearch` (which narrows the last result,
    /// or reads the trigram index when that reads fewer rows) lists what a plain scan lists.
    @Test func typingAndErasingListWhatAPlainScanLists() async {
        await propertyCheck(count: 100, input: Gen<UInt64>.value().array(of: 0...60), Gen<UInt64>.value().array(of: 1...25)) { seeds, keySeeds in
            let customers = seeds.enumerated().map { Self.customer($0.offset, $0.element) }
            let byId = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
            var search = CustomerSearch(index: CustomerSearchIndex(customers))
            search.method = .cheapest
            var query = ""
            for key in keySeeds {
                query = Self.typing(key, after: query, customers: customers)
                #expect(search.positions(matching: query) == Self.plain(query, search.index, byId), "\"\(query)\"")
            }
        }
    }

    /// Runs most rows hold ("onm", "com" of every domain) keep no list: a query made of
    /// them alone is scanned, one with a rarer run reads that run's rows; both find what a
    /// plain scan finds.
    @Test func runsMostRowsHoldAreScannedAndStillFound() {
        let customers = (0..<900).map { n in
            var c = Self.customer(n, UInt64(n) &* 2_654_435_761)
            c.companyProfile.domain = "t\(n).onmicrosoft.com"
            return c
        }
        let byId = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
        let index = CustomerSearchIndex(customers)
        index.prepareTrigrams()
        for query in ["onmicrosoft", "MICROSOFT.COM", "t12.onm", "t899.", "8.onmicrosoft.co", "soft.com", "zzz", "t1"] {
            let expected = Self.plain(query, index, byId)
            #expect(index.positions(matching: query, method: .trigrams) == expected, "\"\(query)\"")
            #expect(index.positions(matching: query, method: .cheapestBuilt) == expected, "\"\(query)\"")
        }
        #expect(index.positions(matching: "t899.", method: .trigrams).count == 1)
    }

    /// The index names rows, never decides: a query whose three-byte runs all occur in a
    /// row, but not together, is not found there.
    @Test func rowsHoldingEveryRunButNotTheQueryAreLeftOut() {
        let customers = [Self.customer(1, 0), Self.customer(2, 0)].enumerated().map { n, c in
            var c = c
            c.companyProfile.companyName = n == 0 ? "smix mith" : "Smith & Co"
            return c
        }
        let index = CustomerSearchIndex(customers)
        #expect(index.positions(matching: "smith", method: .trigrams).map { index.ids[$0].low } == [2])
        #expect(index.positions(matching: "SMÍTH", method: .trigrams).map { index.ids[$0].low } == [2])
    }
}

/// A search read a slice at a time (`CustomerSearch.start`, `advance`, `finish`) shows the
/// first matches of a whole search at every moment, and ends with exactly what a plain
/// scan finds: queries typed and taken back while the one before is still unfinished,
/// in a scope or not, with the trigram index or without.
@Suite struct SlicedSearchTests {
    @Test func aSlicedSearchIsAlwaysThePlainScansFirstMatchesAndEndsAsIt() async {
        await propertyCheck(count: 120, input: Gen<UInt64>.value().array(of: 0...80), Gen<UInt64>.value().array(of: 1...30)) { seeds, keySeeds in
            let customers = seeds.enumerated().map { TrigramSearchTests.customer($0.offset, $0.element) }
            let byId = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
            let index = CustomerSearchIndex(customers)
            let scoped = (keySeeds[0] % 3 == 0) ? index.ids.indices.filter { $0 % 3 != 1 } : nil
            var search = CustomerSearch(index: index, scope: scoped)
            search.method = keySeeds[0] % 2 == 0 ? .cheapest : .scan
            var query = ""
            for key in keySeeds {
                query = TrigramSearchTests.typing(key, after: query, customers: customers)
                let plain = TrigramSearchTests.plain(query, index, byId).filter { row in scoped.map { $0.contains(row) } ?? true }
                search.start(query)
                // A few rows a slice, a few slices a key, at times none: the next key then
                // comes while this query is unfinished.
                for _ in 0..<Int(key / 64 % 4) {
                    search.advance(finding: Int(key / 256 % 7), through: Int(key / 2048 % 90) - 5, reading: 1 + Int(key / 16 % 5))
                    let run = search.run
                    #expect(Array(plain.prefix(run.found.count)) == run.found, "\"\(query)\": the first matches, in order")
                    if run.isComplete { #expect(run.found == plain, "\"\(query)\": finished") }
                }
                if key % 5 == 0 {
                    search.finish()
                    #expect(search.run.isComplete)
                    #expect(search.run.found == plain, "\"\(query)\" finished over \(customers.map(\.name))")
                }
            }
            search.finish()
            #expect(search.run.found == TrigramSearchTests.plain(query, index, byId).filter { row in scoped.map { $0.contains(row) } ?? true })
        }
    }

    /// A run asked for the matches through a position reads every row up to it, however
    /// few matches it was asked for: the focused customer's row is found if it matches.
    @Test func aRunReadsThroughThePositionItIsAskedFor() throws {
        let customers = (0..<300).map { TrigramSearchTests.customer($0, UInt64($0) &* 2_654_435_761) }
        let byId = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
        let index = CustomerSearchIndex(customers)
        var search = CustomerSearch(index: index)
        search.method = .scan
        let plain = TrigramSearchTests.plain("a", index, byId)
        let far = try #require(plain.dropFirst(5).first)
        search.start("a")
        search.advance(finding: 1, through: far, reading: index.count)
        #expect(search.run.found == Array(plain.prefix { $0 <= far }))
        #expect(search.run.hasRead(through: far))
        #expect(!search.run.isComplete)
        #expect(search.run.unread > 0)
    }
}
