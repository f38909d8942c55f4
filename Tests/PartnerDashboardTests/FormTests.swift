import PartnerDashboard
import TerminalKit
import Testing

@Suite struct FormTests {
    /// `#expect` cannot take a mutating call, so the step is named.
    private func step(_ form: inout Form<String>, _ key: KeyEvent) -> Form<String>.Outcome {
        form.handle(key)
    }

    private func form() -> Form<String> {
        Form(fields: [
            .init("name", .text(TextField(label: "Company name"))),
            .init("consent", .checkbox(Checkbox(label: "I authorize"))),
        ], buttons: [Button("ok", "OK"), Button("cancel", "Cancel")])
    }

    @Test func tabCyclesFieldsThenButtonsAndShiftTabGoesBack() {
        var f = form()
        #expect(f.focusedID == "name")
        #expect(step(&f, .tab) == .left("name"))
        #expect(f.focusedID == "consent")
        #expect(step(&f, .tab) == .left("consent"))
        #expect(f.focusedID == "ok")
        _ = f.handle(.tab)
        _ = f.handle(.tab)
        #expect(f.focusedID == "name")
        _ = f.handle(.backTab)
        #expect(f.focusedID == "cancel")
    }

    @Test func typingEditsTheFocusedFieldAndMakesTheFormDirty() {
        var f = form()
        #expect(!f.isDirty)
        #expect(step(&f, .character("q")) == .edited("name"))
        #expect(f.text("name") == "q")
        #expect(f.isDirty)
        f.markSaved()
        #expect(!f.isDirty)
    }

    @Test func spaceTogglesTheCheckboxAndEnterPressesButtons() {
        var f = form()
        _ = f.handle(.tab)
        #expect(step(&f, .space) == .edited("consent"))
        #expect(f.isChecked("consent"))
        _ = f.handle(.tab)
        #expect(step(&f, .enter) == .pressed("ok"))
    }

    @Test func disabledButtonDoesNotPress() {
        var f = form()
        f.setButton("ok", enabled: false)
        f.focus(on: "ok")
        #expect(step(&f, .enter) == .ignored)
    }

    @Test func enterInATextFieldMovesOn() {
        var f = form()
        #expect(step(&f, .enter) == .left("name"))
        #expect(f.focusedID == "consent")
    }

    @Test func validationMessageIsShownUnderTheField() {
        var f = form()
        f.setMessage("required", for: "name")
        var grid = CellGrid(size: TerminalSize(rows: 8, cols: 60))
        f.render(into: &grid, area: grid.bounds)
        #expect(grid.lines()[1].contains("! required"))
    }

    @Test func aLongFormScrollsToTheFocusedField() {
        var f = Form<Int>(fields: (0..<20).map { .init($0, .text(TextField(label: "Field \($0)"))) }, buttons: [Button(99, "Save")])
        for _ in 0..<15 { _ = f.handle(.tab) }
        var grid = CellGrid(size: TerminalSize(rows: 5, cols: 40))
        f.render(into: &grid, area: grid.bounds)
        #expect(grid.text.contains("▸ Field 15"))
    }
}
