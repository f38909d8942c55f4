import PartnerCore
import Testing
@testable import PartnerStore

/// Issue 11, item 2: the snapshot's tail tables are put in order by a radix sort
/// (`KeyedEntries`) rather than by comparing tuples. The bytes written are the ones the
/// comparison sort wrote, kept here as the reference, for random inputs: none, one, keys
/// drawn from a few (equal ids, equal hours, a customer split over two runs), ids that share
/// their high half, negative hours, and the full range.
struct TailSortTests {
    /// Kinds of key a table can hold, each a different spread of bytes.
    enum Spread: CaseIterable {
        case few, sharedHigh, full
    }

    static let sizes = [0, 1, 2, 3, 300, 2_000]

    @Test(arguments: Spread.allCases)
    func placesByIdAreWrittenAsTheComparisonSortWroteThem(spread: Spread) {
        var random = SeededFreshValues(seed: 11)
        for size in Self.sizes {
            let places = (0..<size).map { _ in (id: Self.id(spread, &random), place: random.next() >> 20) }
            var fast = BinaryWriter()
            EntryTable.writePlaces(byId: places, &fast)
            #expect(fast.finish() == Self.referencePlaces(places), "\(size) places, \(spread)")
        }
    }

    @Test(arguments: Spread.allCases)
    func theSummaryIsWrittenAsTheComparisonSortWroteIt(spread: Spread) {
        var random = SeededFreshValues(seed: 12)
        let model = PartnerModel()
        for size in Self.sizes {
            var places = SubscriptionSummary.Places()
            // Each customer in one run (a split writes no places: `aCustomerSplitOverTwoRuns…`).
            var customers = Set<Ident>()
            for index in 0..<size {
                let customer = Self.id(spread, &random)
                guard customers.insert(customer).inserted else { continue }
                let tally = SubscriptionTally(active: Int(random.next() % 4), total: Int(random.next() % 9))
                places.runs.append(.init(customer: customer, tally: tally, place: UInt64(index) * 97))
            }
            for _ in 0..<(3 * size) {
                let hour = Self.hour(spread, &random)
                places.termEnds.append((hour, random.next() % (spread == .few ? 8 : 1 << 40)))
            }
            var fast = BinaryWriter()
            SubscriptionSummary.write(model, places: places, &fast)
            #expect(fast.finish() == Self.referenceSummary(model, places), "\(size) runs, \(spread)")
        }
    }

    @Test func aCustomerSplitOverTwoRunsStillWritesNoPlaces() {
        let customer = Ident(high: 5, low: 9)
        var places = SubscriptionSummary.Places()
        places.runs = [.init(customer: customer, tally: .init(active: 1, total: 1), place: 0),
                       .init(customer: Ident(high: 1, low: 2), tally: .init(active: 0, total: 1), place: 40),
                       .init(customer: customer, tally: .init(active: 1, total: 2), place: 80)]
        places.termEnds = [(hour: 7, place: 0)]
        var fast = BinaryWriter()
        SubscriptionSummary.write(PartnerModel(), places: places, &fast)
        let bytes = fast.finish()
        #expect(bytes == Self.referenceSummary(PartnerModel(), places))
        #expect(bytes.suffix(16) == [UInt8](repeating: 0, count: 16), "no runs and no term ends")
    }

    private static func id(_ spread: Spread, _ random: inout SeededFreshValues) -> Ident {
        switch spread {
        case .few: Ident(high: random.next() % 3, low: random.next() % 5)
        case .sharedHigh: Ident(high: 42, low: random.next())
        case .full: Ident(high: random.next(), low: random.next())
        }
    }

    private static func hour(_ spread: Spread, _ random: inout SeededFreshValues) -> Int64 {
        switch spread {
        case .few: Int64(random.next() % 4) - 2
        case .sharedHigh: 490_000 + Int64(random.next() % 30_000)
        case .full: Int64(bitPattern: random.next())
        }
    }

    /// `EntryTable.writePlaces` as it was written before the radix sort.
    private static func referencePlaces(_ places: [(id: Ident, place: UInt64)]) -> [UInt8] {
        var w = BinaryWriter()
        let sorted = places.sorted { $0.id < $1.id }
        w.writeUInt64(UInt64(sorted.count))
        for (id, place) in sorted {
            w.writeUInt64(id.high)
            w.writeUInt64(id.low)
            w.writeUInt64(place)
        }
        return w.finish()
    }

    /// `SubscriptionSummary.write` as it was written before the radix sort.
    private static func referenceSummary(_ model: PartnerModel, _ places: SubscriptionSummary.Places) -> [UInt8] {
        var w = BinaryWriter()
        ModelCodec.write(model.termEnds.earliestEnd, &w)
        let runs = places.runs.sorted { $0.customer < $1.customer }
        let split = zip(runs, runs.dropFirst()).contains { $0.customer == $1.customer }
        w.writeUInt64(split ? 0 : UInt64(runs.count))
        if !split {
            for run in runs {
                w.writeUInt64(run.customer.high)
                w.writeUInt64(run.customer.low)
                w.writeUInt32(UInt32(clamping: run.tally.active))
                w.writeUInt32(UInt32(clamping: run.tally.total))
                w.writeUInt64(run.place)
            }
        }
        let ends = split ? [] : places.termEnds.sorted { ($0.hour, $0.place) < ($1.hour, $1.place) }
        w.writeUInt64(UInt64(ends.count))
        for end in ends {
            w.writeUInt64(UInt64(bitPattern: end.hour))
            w.writeUInt64(end.place)
        }
        return w.finish()
    }
}
