/// Type-ahead over a short list (a picker's resellers, the offer catalog, a support
/// contact's choices) by the Customers filter's rule: the folded query (lower case, no
/// accents, no width variants; `CustomerSearchIndex.fold`) occurs in an option's folded
/// text. The texts are folded once; a query that grows narrows the previous result
/// instead of scanning them all, and one that shrinks (Backspace) goes back to the
/// result it had, so 200 resellers cost nothing per key either way.
public struct NameSearch: Sendable {
    private let folded: [[UInt8]]
    /// The result of each query typed since the last one that did not extend the one
    /// before: `steps[i]`'s needle extends `steps[i - 1]`'s.
    private var steps: [(needle: [UInt8], result: [Int])] = []

    public init(_ texts: [String]) {
        folded = texts.map(CustomerSearchIndex.fold)
    }

    public var count: Int { folded.count }

    /// Whether `text` matches `query` by the same rule, for a single value.
    public static func matches(_ query: String, _ text: String) -> Bool {
        CustomerSearch.contains(CustomerSearchIndex.fold(text), CustomerSearchIndex.fold(query))
    }

    /// The positions (ascending) of the texts `query` matches; every one when it is empty.
    public mutating func positions(matching query: String) -> [Int] {
        let needle = CustomerSearchIndex.fold(query)
        guard !needle.isEmpty else {
            steps = []
            return Array(folded.indices)
        }
        // Back to the longest earlier query this one extends (all of them after Backspace).
        while let last = steps.last, !Self.extends(needle, last.needle) { steps.removeLast() }
        if let last = steps.last, last.needle == needle { return last.result }
        let candidates = steps.last?.result ?? Array(folded.indices)
        let result = candidates.filter { CustomerSearch.contains(folded[$0], needle) }
        steps.append((needle, result))
        return result
    }

    /// A longer query containing the shorter one matches a subset of what it matched.
    private static func extends(_ needle: [UInt8], _ earlier: [UInt8]) -> Bool {
        CustomerSearch.contains(needle, earlier)
    }
}
