/// The chrome around every screen: top bar, menu box, page box, hint bar.
/// The owner draws the menu list and the page into the rects it leaves.
public struct Frame: Sendable {
    public var status: FrameStatus
    public var hasMenu: Bool
    public var menuFocused: Bool
    /// The path to the page, shown as the page box's title: `Customers › New customer`.
    public var path: [String]
    /// Text at the right of the page box's title: an active filter, a count.
    public var pageNote: String?
    public var hints: [KeyHint]
    /// One-shot feedback ("Invitation sent to …") shown in place of the hints, wrapped
    /// onto as many lines as it needs (up to `HintBar.maxMessageLines`).
    public var message: String?

    public static let productName = "Partner Dashboard"

    public init(status: FrameStatus, hasMenu: Bool, menuFocused: Bool = false, path: [String], pageNote: String? = nil, hints: [KeyHint], message: String? = nil) {
        self.status = status
        self.hasMenu = hasMenu
        self.menuFocused = menuFocused
        self.path = path
        self.pageNote = pageNote
        self.hints = hints
        self.message = message
    }

    public func render(into grid: inout CellGrid) {
        let layout = FrameLayout(size: grid.size, hasMenu: hasMenu, message: message)
        renderTopBar(into: &grid, area: layout.topBar)
        if let menu = layout.menu {
            grid.drawBox(menu, title: "Dashboard", style: menuFocused ? .bold : .plain, titleStyle: menuFocused ? .title.adding(.reverse) : .title)
        }
        let pageFocused = !menuFocused
        grid.drawBox(layout.page, title: path.joined(separator: " › "), style: pageFocused && hasMenu ? .bold : .plain,
                     titleStyle: pageFocused && hasMenu ? .title.adding(.reverse) : .title)
        if let pageNote {
            let text = " " + pageNote + " "
            let width = min(DisplayText.width(of: text), layout.page.width / 2)
            grid.write(text, row: layout.page.row, col: layout.page.right - 2 - width, maxWidth: width, style: .plain)
        }
        HintBar(hints: hints, message: message).render(into: &grid, area: layout.hintBar)
    }

    private func renderTopBar(into grid: inout CellGrid, area: Rect) {
        var right: [(String, CellStyle)] = []
        if status.pendingInvitations > 0 {
            right.append(("● \(status.pendingInvitations) pending", .warning))
        }
        switch status.durability {
        case .saved: right.append(("saved", .plain))
        // Every change is in the synced journal already; the snapshot only speeds up the next open.
        case .saving: right.append(("saved · snapshot…", .dim))
        case .snapshotFailed(let reason): right.append(("saved · snapshot failed: " + reason, .warning))
        case .behind(let reason): right.append(("saved · others' changes unread: " + reason, .warning))
        case .mailWaiting(let reason): right.append(("saved · email waiting: " + reason, .warning))
        case .readOnly(let reason): right.append(("READ-ONLY: " + reason, .danger))
        case .resumed(let note): right.append(("saved · " + note, .plain))
        }
        // The right side is state that must never be cut; the left gives way.
        var rightWidth = 0
        for (text, _) in right { rightWidth += DisplayText.width(of: text) + 3 }
        rightWidth = min(rightWidth, area.width)
        var x = area.right - rightWidth
        for (text, style) in right {
            x += grid.write(text, row: area.row, col: x + 2, maxWidth: area.right - x - 2, style: style) + 3
        }
        var left = [Self.productName]
        if let account = status.account { left.append(account) }
        if let user = status.user { left.append(user) }
        let leftRoom = area.width - rightWidth - 1
        let used = grid.write(" " + Self.productName, row: area.row, col: area.col, maxWidth: leftRoom, style: .bold)
        let rest = left.dropFirst().map { " · " + $0 }.joined()
        grid.write(rest, row: area.row, col: area.col + used, maxWidth: leftRoom - used)
    }
}
