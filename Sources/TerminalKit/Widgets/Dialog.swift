/// A modal question over the screen ("Discard changes?"). Esc answers with
/// the cancel button, so the safe choice is always one key away. Screens ask through
/// `ScreenAction.confirm`; the app holds the one open dialog.
public struct Dialog<ID: Hashable & Sendable>: Sendable {
    public enum Action: Hashable, Sendable { case previous, next, cancel }

    public static var keymap: Keymap<Action> {
        Keymap("Dialog", [
            KeyBinding([(.left, .previous), (.backTab, .previous), (.right, .next), (.tab, .next)],
                       label: "←→", hint: "choose", help: "move between the buttons (also Tab)"),
            KeyBinding([.escape], .cancel, hint: "cancel", help: "close without doing anything"),
        ])
    }

    public var title: String
    public var message: [String]
    public private(set) var buttons: [Button<ID>]
    public let cancelID: ID
    private var focus: Int

    /// `buttons` in display order; focus starts on the cancel button.
    public init(title: String, message: [String], buttons: [Button<ID>], cancel: ID) {
        precondition(buttons.contains { $0.id == cancel }, "the cancel answer must be a button")
        self.title = title
        self.message = message
        self.buttons = buttons
        self.cancelID = cancel
        self.focus = buttons.firstIndex { $0.id == cancel } ?? 0
    }

    public var keyHints: [KeyHint] { buttons[focus].keyHints + Self.keymap.hints }

    /// The answer, once there is one; nil while the dialog stays open.
    public mutating func handle(_ key: KeyEvent) -> ID? {
        if buttons[focus].handle(key) { return buttons[focus].id }
        switch Self.keymap.action(for: key) {
        case .previous: focus = (focus + buttons.count - 1) % buttons.count
        case .next: focus = (focus + 1) % buttons.count
        case .cancel: return cancelID
        case nil: break
        }
        return nil
    }

    public func render(into grid: inout CellGrid, over area: Rect) {
        let buttonsWidth = buttons.reduce(0) { $0 + $1.width + 2 }
        // A line wider than the page is wrapped rather than cut: at 80×24 the page is 54 columns.
        let room = max(area.width - 4, 1)
        let lines = message.flatMap { DisplayText.width(of: $0) > room ? TextWrap.lines($0, width: room) : [$0] }
        let textWidth = lines.map { DisplayText.width(of: $0) }.max() ?? 0
        let width = max(textWidth, buttonsWidth, DisplayText.width(of: title) + 4) + 4
        let box = area.centered(height: lines.count + 5, width: width)
        grid.fill(box)
        grid.drawBox(box, title: title, style: .bold)
        let inner = box.interior.inset(left: 1, right: 1)
        for (i, line) in lines.enumerated() {
            grid.write(line, row: inner.row + 1 + i, col: inner.col, maxWidth: inner.width)
        }
        var x = inner.col
        let y = inner.bottom - 1
        for (i, button) in buttons.enumerated() {
            x += button.render(into: &grid, row: y, col: x, maxWidth: inner.right - x, focused: i == focus) + 2
        }
    }
}
