/// Binary search over sorted rows, written once: the search indexes, the Customers list's
/// lazy rows and the reseller picker all find places in sorted arrays of positions.
extension RandomAccessCollection {
    /// The first index where `isBefore` stops holding, in a collection where the elements
    /// it holds for all come first.
    @inlinable
    public func partitionPoint(_ isBefore: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if try isBefore(self[middle]) {
                low = index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}

extension RandomAccessCollection where Element: Comparable {
    /// Whether a collection sorted ascending holds `value`.
    @inlinable
    public func sortedContains(_ value: Element) -> Bool {
        let at = partitionPoint { $0 < value }
        return at != endIndex && self[at] == value
    }
}
