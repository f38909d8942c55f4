/// The selected index and scroll offset of a list, and the arithmetic of
/// moving them. Shared by every list-shaped widget so they all page alike.
public struct ListCursor: Hashable, Sendable {
    public private(set) var index = 0
    public private(set) var offset = 0
    public private(set) var count = 0
    /// Rows visible at the last layout; paging moves by this much.
    public private(set) var pageSize = 1

    public init(count: Int = 0) {
        self.count = max(0, count)
    }

    public var selection: Int? { count == 0 ? nil : index }

    public mutating func setCount(_ newCount: Int, selecting newIndex: Int? = nil) {
        count = max(0, newCount)
        index = clamp(newIndex ?? index)
    }

    public mutating func select(_ newIndex: Int) {
        index = clamp(newIndex)
    }

    public mutating func apply(_ action: ListAction) {
        switch action {
        case .up: index = clamp(index - 1)
        case .down: index = clamp(index + 1)
        case .pageUp: index = clamp(index - pageSize)
        case .pageDown: index = clamp(index + pageSize)
        case .first: index = 0
        case .last: index = clamp(count - 1)
        }
    }

    /// Fits the scroll offset to `height` visible rows so the selection shows
    /// and no rows are left blank at the bottom while there are more above.
    public mutating func layout(height: Int) {
        pageSize = max(1, height)
        if index < offset { offset = index }
        if index >= offset + pageSize { offset = index - pageSize + 1 }
        offset = max(0, min(offset, count - pageSize))
    }

    /// The indexes to draw after `layout`.
    public var visible: Range<Int> { offset..<min(count, offset + pageSize) }

    private func clamp(_ i: Int) -> Int { count == 0 ? 0 : min(max(i, 0), count - 1) }
}
