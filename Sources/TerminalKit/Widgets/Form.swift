/// Fields and buttons with Tab order, dirty tracking, and a validate-on-leave
/// hook: leaving a text field reports `.left(id)` so the screen can check the
/// value against its rules and set the field's message.
public struct Form<ID: Hashable & Sendable>: Sendable {
    public struct Field: Sendable {
        public let id: ID
        public var control: FormControl

        public init(_ id: ID, _ control: FormControl) {
            self.id = id
            self.control = control
        }
    }

    public enum Outcome: Hashable, Sendable {
        case ignored
        case handled
        case edited(ID)
        case left(ID)
        case pressed(ID)
    }

    public enum Action: Hashable, Sendable { case next, previous, advance }

    public static var keymap: Keymap<Action> {
        Keymap("Form", [
            KeyBinding([(.tab, .next), (.down, .next), (.backTab, .previous), (.up, .previous)],
                       label: "Tab S-Tab", hint: "next/prev", help: "next or previous field or button (also ↓ ↑)"),
            KeyBinding([.enter], .advance, hint: "next", help: "go to the next field"),
        ])
    }

    public private(set) var fields: [Field]
    public private(set) var buttons: [Button<ID>]
    /// Index into fields, then buttons.
    public private(set) var focus = 0
    private var savedValues: [String]
    private var scroll = 0
    /// The most columns the label column may take; nil keeps it to a third of
    /// the width. A form with one long label the user must read whole
    /// ("Designated support contact") raises it.
    public var labelColumnLimit: Int?

    public init(fields: [Field], buttons: [Button<ID>]) {
        precondition(!fields.isEmpty || !buttons.isEmpty, "an empty form has nothing to focus")
        self.fields = fields
        self.buttons = buttons
        self.savedValues = fields.map(\.control.value)
    }

    public var isDirty: Bool { fields.map(\.control.value) != savedValues }

    /// The current values become the ones "discard changes?" compares against.
    public mutating func markSaved() { savedValues = fields.map(\.control.value) }

    public var focusedID: ID {
        focus < fields.count ? fields[focus].id : buttons[focus - fields.count].id
    }

    /// A text field has focus, so character keys type rather than command.
    public var isEditingText: Bool { focus < fields.count && fields[focus].control.takesText }

    public mutating func focus(on id: ID) {
        if let i = fields.firstIndex(where: { $0.id == id }) { focus = i }
        if let i = buttons.firstIndex(where: { $0.id == id }) { focus = fields.count + i }
    }

    public func text(_ id: ID) -> String {
        if case .text(let field)? = control(id) { return field.text }
        return ""
    }

    public func isChecked(_ id: ID) -> Bool {
        if case .checkbox(let box)? = control(id) { return box.isChecked }
        return false
    }

    public func choice(_ id: ID) -> Int? {
        if case .choice(let field)? = control(id) { return field.selectedIndex }
        return nil
    }

    public func control(_ id: ID) -> FormControl? { fields.first { $0.id == id }?.control }

    public mutating func setMessage(_ message: String?, for id: ID) {
        guard let i = fields.firstIndex(where: { $0.id == id }), case .text(var field) = fields[i].control else { return }
        field.message = message
        fields[i].control = .text(field)
    }

    public mutating func setButton(_ id: ID, enabled: Bool) {
        guard let i = buttons.firstIndex(where: { $0.id == id }) else { return }
        buttons[i].isEnabled = enabled
    }

    public var keyHints: [KeyHint] {
        let own = focusedControlHints
        let form = Self.keymap.only { action in
            action != .advance || (focus < fields.count)
        }
        return own + form.hints
    }

    private var focusedControlHints: [KeyHint] {
        if focus < fields.count { return fields[focus].control.keyHints }
        return buttons[focus - fields.count].keyHints
    }

    public mutating func handle(_ key: KeyEvent) -> Outcome {
        if focus >= fields.count {
            let button = buttons[focus - fields.count]
            if button.handle(key) { return .pressed(button.id) }
        } else {
            let id = fields[focus].id
            if fields[focus].control.handle(key) { return .edited(id) }
        }
        guard let action = Self.keymap.action(for: key) else { return .ignored }
        let total = fields.count + buttons.count
        let leaving = focus < fields.count ? fields[focus].id : nil
        switch action {
        case .next: focus = (focus + 1) % total
        case .previous: focus = (focus + total - 1) % total
        case .advance:
            guard focus < fields.count else { return .ignored }
            focus = (focus + 1) % total
        }
        if let leaving { return .left(leaving) }
        return .handled
    }

    /// Rows the form needs to show whole at `width`, wrapped messages included.
    public func preferredHeight(width: Int) -> Int { layout(width: width).rows.count }

    private typealias Row = (field: Int?, isMessage: Bool, text: String)

    /// The label column and the rows: each field, the lines of its message wrapped to
    /// the control's column, then a blank row and the buttons.
    private func layout(width: Int) -> (labelWidth: Int, rows: [Row]) {
        let labelWidth = min(fields.map { DisplayText.width(of: $0.control.label) }.max() ?? 0, labelColumnLimit ?? width / 3) + 2
        let messageWidth = width - (2 + labelWidth) - 2
        var rows: [Row] = []
        for i in fields.indices {
            rows.append((i, false, ""))
            for line in TextWrap.lines(fields[i].control.message ?? "", width: messageWidth + 2, prefix: "! ") {
                rows.append((i, true, line))
            }
        }
        if !buttons.isEmpty {
            if !fields.isEmpty { rows.append((nil, true, "")) }
            rows.append((nil, false, ""))
        }
        return (labelWidth, rows)
    }

    /// One row per field (plus the lines of its message under it, wrapped to
    /// the control's column), a blank row, then the buttons. Scrolls to keep
    /// the focused row and its message visible.
    public mutating func render(into grid: inout CellGrid, area: Rect) {
        guard area.height > 0, area.width > 4 else { return }
        let (labelWidth, rows) = layout(width: area.width)
        let focusRow = focus < fields.count ? rows.firstIndex { $0.field == focus && !$0.isMessage } ?? 0 : rows.count - 1
        let focusEnd = focus < fields.count ? rows.lastIndex { $0.field == focus } ?? focusRow : focusRow
        if focusRow < scroll { scroll = focusRow }
        if focusRow >= scroll + area.height { scroll = focusRow - area.height + 1 }
        // Keep a field's message in view with it.
        if focusEnd >= scroll + area.height { scroll = min(focusRow, focusEnd - area.height + 1) }
        for (line, entry) in rows.enumerated() where line >= scroll && line < scroll + area.height {
            let y = area.row + line - scroll
            let controlCol = area.col + 2 + labelWidth
            if let i = entry.field {
                let focused = i == focus
                if entry.isMessage {
                    grid.write(entry.text, row: y, col: controlCol, maxWidth: area.right - controlCol, style: .warning)
                    continue
                }
                if focused { grid.write("▸", row: y, col: area.col, style: .bold) }
                grid.write(fields[i].control.label, row: y, col: area.col + 2, maxWidth: labelWidth - 1, style: focused ? .bold : .plain)
                let controlArea: Rect
                if case .checkbox = fields[i].control {
                    controlArea = Rect(row: y, col: area.col + 2, height: 1, width: area.width - 2)
                } else {
                    controlArea = Rect(row: y, col: controlCol, height: 1, width: min(area.right - controlCol, 48))
                }
                fields[i].control.render(into: &grid, area: controlArea, focused: focused)
            } else if !entry.isMessage {
                var x = area.col + 2
                for (b, button) in buttons.enumerated() {
                    x += button.render(into: &grid, row: y, col: x, maxWidth: area.right - x, focused: focus == fields.count + b) + 2
                }
            }
        }
    }
}
