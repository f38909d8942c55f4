import Foundation
import PartnerCore

/// The Customers list's rows, made only when asked for: the matched customers (positions
/// in the search index, display order) with each expanded customer's record after it.
/// A keystroke that matches a million customers makes the rows on screen, not a million.
struct CustomerTreeRows: RandomAccessCollection, Sendable {
    /// An expanded customer's record, after the customer at `after` in `matched`.
    struct Opening: Sendable {
        var after: Int
        var record: [CustomerTreeRow]
    }

    private let index: CustomerSearchIndex
    private let matched: [Int]
    /// By `after`, ascending.
    private let openings: [Opening]
    /// The row where each opening's record starts.
    private let recordStarts: [Int]
    private let counter: RowBuildCounter?

    init(index: CustomerSearchIndex, matched: [Int], openings: [Opening] = [], counter: RowBuildCounter? = nil) {
        self.index = index
        self.matched = matched
        self.openings = openings
        var starts: [Int] = [], before = 0
        for opening in openings {
            starts.append(opening.after + 1 + before)
            before += opening.record.count
        }
        recordStarts = starts
        endIndex = matched.count + before
        self.counter = counter
    }

    /// Rows given one by one, every one made: a short list (one reseller's page).
    init(listing rows: [CustomerTreeRow] = []) {
        self.init(index: CustomerSearchIndex([Customer]()), matched: [], openings: [Opening(after: -1, record: rows)])
    }

    /// No rows, made once.
    static let none = CustomerTreeRows()

    var startIndex: Int { 0 }
    let endIndex: Int

    subscript(row: Int) -> CustomerTreeRow {
        counter?.tally()
        // The openings starting at or before `row`: the last may hold it.
        let k = recordStarts.partitionPoint { $0 <= row }
        var recordRowsBefore = 0
        if k > 0 {
            let last = openings[k - 1]
            let inRecord = row - recordStarts[k - 1]
            if inRecord < last.record.count { return last.record[inRecord] }
            recordRowsBefore = recordStarts[k - 1] - last.after - 1 + last.record.count
        }
        return .customer(index.ids[matched[row - recordRowsBefore]])
    }

    /// Where `row` is, found without making the rows: a customer by its place in the
    /// index, a record's line within its record.
    func place(of row: CustomerTreeRow) -> Int? {
        if case .customer(let id) = row, let position = index.position(of: id) {
            let at = matched.partitionPoint { $0 < position }
            guard at < matched.count, matched[at] == position else { return nil }
            let records = openings.prefix { $0.after < at }.reduce(0) { $0 + $1.record.count }
            return at + records
        }
        for (k, opening) in openings.enumerated() {
            if let i = opening.record.firstIndex(of: row) { return recordStarts[k] + i }
        }
        return nil
    }

}

/// Counts the rows of the Customers list made since it was made or reset: what a test
/// reads to see that a keystroke makes the rows on screen and no more.
public final class RowBuildCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var made = 0

    public init() {}

    public var rows: Int { lock.withLock { made } }

    public func reset() { lock.withLock { made = 0 } }

    func tally() { lock.withLock { made += 1 } }
}
