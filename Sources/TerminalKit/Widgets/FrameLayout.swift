/// Where the frame's parts go for a terminal size.
public struct FrameLayout: Hashable, Sendable {
    public let topBar: Rect
    /// The Dashboard menu box, when there is a menu (not on Sign in).
    public let menu: Rect?
    public let page: Rect
    public let hintBar: Rect

    /// `message`: the status message, whose wrapped lines the bottom bar grows to hold
    /// (`HintBar.messageLines`), the page giving up those rows until the next key.
    public init(size: TerminalSize, hasMenu: Bool, message: String? = nil) {
        let all = Rect(size: size)
        let (top, rest) = all.splitTop(1)
        let (middle, bottom) = rest.splitBottom(max(1, HintBar.messageLines(message, width: size.cols).count))
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
