import PartnerDashboard
import TerminalKit
import Testing

@Suite struct TableViewTests {
    private func table(_ ids: [String]) -> TableView<String> {
        var table = TableView<String>(columns: [TableColumn("Name", .flexible(min: 10)), TableColumn("N", .fixed(3), alignment: .trailing)], emptyText: "Nothing here.")
        table.setRows(ids)
        return table
    }

    private func render(_ table: inout TableView<String>, rows: Int = 6, cols: Int = 20) -> CellGrid {
        var grid = CellGrid(size: TerminalSize(rows: rows, cols: cols))
        table.render(into: &grid, area: grid.bounds, focused: true) { TableRow([$0, "1"]) }
        return grid
    }

    @Test func selectionFollowsIdentityWhenRowsChange() {
        var t = table(["a", "b", "c", "d"])
        _ = t.handle(.down)
        _ = t.handle(.down)
        #expect(t.selectedID == "c")
        t.setRows(["d", "c", "x"])
        #expect(t.selectedID == "c")
        #expect(t.selectedIndex == 1)
    }

    @Test func whenTheSelectedRowGoesTheRowAtItsPlaceIsSelected() {
        var t = table(["a", "b", "c", "d"])
        _ = t.handle(.end)
        t.setRows(["a", "b"])
        #expect(t.selectedID == "b")
        t.setRows([])
        #expect(t.selectedID == nil)
        t.setRows(["z"])
        #expect(t.selectedID == "z")
    }

    @Test func movementKeys() {
        var t = table((0..<30).map { "r\($0)" })
        _ = render(&t)  // five visible rows set the page size
        let moved = t.handle(.character("j"))
        #expect(moved)
        #expect(t.selectedID == "r1")
        _ = t.handle(.pageDown)
        #expect(t.selectedID == "r6")
        _ = t.handle(.character("G"))
        #expect(t.selectedID == "r29")
        _ = t.handle(.character("k"))
        #expect(t.selectedID == "r28")
        _ = t.handle(.character("g"))
        #expect(t.selectedID == "r0")
        _ = t.handle(.up)
        #expect(t.selectedID == "r0")
        let other = t.handle(.character("x"))
        #expect(!other)
    }

    @Test func scrollingKeepsTheSelectionVisible() {
        var t = table((0..<30).map { "r\($0)" })
        for _ in 0..<12 { _ = t.handle(.down) }
        let grid = render(&t)
        #expect(grid.text.contains("▸r12"))
        let small = render(&t, rows: 3)
        #expect(small.text.contains("▸r12"))
    }

    @Test func emptyStateText() {
        var t = table([])
        #expect(render(&t).text.contains("Nothing here."))
    }

    @Test func selectedRowIsReversedOnlyWhenFocused() {
        var t = table(["a", "b"])
        var grid = CellGrid(size: TerminalSize(rows: 4, cols: 20))
        t.render(into: &grid, area: grid.bounds, focused: true) { TableRow([$0, "1"]) }
        #expect(grid[1, 5].style.attributes.contains(.reverse))
        var unfocused = CellGrid(size: TerminalSize(rows: 4, cols: 20))
        t.render(into: &unfocused, area: unfocused.bounds, focused: false) { TableRow([$0, "1"]) }
        #expect(!unfocused[1, 5].style.attributes.contains(.reverse))
        #expect(unfocused.lines()[1].hasPrefix("▸a"))
    }

    @Test func columnsLineUpWithWideCharacters() {
        var t = table(["日本システム", "Café", "Cafe\u{301}", "plain"])
        let grid = render(&t, cols: 24)
        let columns = (1...4).map { grid.column(of: "1", inRow: $0) }
        #expect(Set(columns).count == 1, "the number column starts at \(columns)")
    }
}

@Suite struct TableColumnWidthTests {
    @Test func flexibleColumnsShareTheRoomByTheirMinimums() {
        let columns = [TableColumn("A", .flexible(min: 10)), TableColumn("B", .fixed(5)), TableColumn("C", .flexible(min: 30))]
        let widths = TableView<Int>(columns: columns, emptyText: "").columnWidths(total: 49)
        #expect(widths == [10, 5, 30])
        let wide = TableView<Int>(columns: columns, emptyText: "").columnWidths(total: 89)
        #expect(wide == [20, 5, 60])
    }

    @Test func flexibleColumnsShrinkBeforeFixedOnesAreCut() {
        let columns = [TableColumn("Name", .flexible(min: 20)), TableColumn("Since", .fixed(10))]
        let widths = TableView<Int>(columns: columns, emptyText: "").columnWidths(total: 25)
        #expect(widths == [13, 10])
    }
}

@Suite struct HiddenColumnTests {
    @Test func aColumnHiddenBelowAWidthGivesItsRoomToTheOthers() {
        let table = TableView<Int>(columns: [TableColumn("Name", .flexible(min: 10)), TableColumn("Since", .fixed(10), hiddenBelow: 40)], emptyText: "")
        #expect(table.columnWidths(total: 39) == [39, 0])
        #expect(table.columnWidths(total: 40) == [28, 10])
    }
}
