/// Where the frame's parts go for a terminal size.
public struct FrameLayout: Hashable, Sendable {
    public let topBar: Rect
    /// The Dashboard menu box, when there is a menu (not on Sign in).
    public let menu: Rect?
    public let page: Rect
    public let hintBar: Rect

    public init(size: TerminalSize, hasMenu: Bool) {
        let all = Rect(size: size)
        let (top, rest) = all.splitTop(1)
        let (middle, bottom) = rest.splitBottom(1)
        topBar = top
        hintBar = bottom
        if hasMenu {
            // Wide enough for "▸ Indirect resellers" inside a border and padding.
            let menuWidth = size.cols >= 100 ? 26 : 24
            let (left, right) = middle.splitLeft(menuWidth)
            menu = left
            page = right
        } else {
            menu = nil
            page = middle
        }
    }

    /// The page box's inside, with a column of padding on each side.
    public var pageContent: Rect { page.interior.inset(left: 1, right: 1) }
    public var menuContent: Rect? { menu?.interior.inset(left: 1, right: 1) }
}
