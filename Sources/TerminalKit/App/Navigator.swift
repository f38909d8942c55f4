/// The stack of open screens: the menu page at the bottom, what it opened on top.
@MainActor
public struct Navigator {
    public private(set) var stack: [any Screen]

    public init(root: any Screen) {
        stack = [root]
    }

    public var top: any Screen { stack[stack.count - 1] }
    public var root: any Screen { stack[0] }
    public var canPop: Bool { stack.count > 1 }
    public var path: [String] { stack.map(\.title) }
    public var hasUnsavedChanges: Bool { stack.contains { $0.hasUnsavedChanges } }

    public mutating func push(_ screen: any Screen) { stack.append(screen) }

    public mutating func pop() {
        if canPop { stack.removeLast() }
    }

    public mutating func replaceTop(_ screen: any Screen) { stack[stack.count - 1] = screen }

    public mutating func reset(_ screen: any Screen) { stack = [screen] }
}
