import Foundation
import PartnerCore
import PartnerDashboard
import TerminalKit
import Testing

/// The configuration's `[keys]`: a rebound key changes what the key does, the bottom bar
/// and `?` help together (one table drives all three), and the vim preset moves through a list.
@MainActor
@Suite struct KeyOverridesTests {
    let demo: DemoWorkspace

    init() throws {
        demo = try DemoWorkspace()
    }

    static func overrides(_ assignments: [KeyAssignment]) throws -> KeyOverrides {
        try KeyOverrides.checked(assignments, tables: DashboardKeys.tables)
    }

    static let vim: KeyOverrides = try! overrides(DashboardKeys.vimPreset)

    private func resellers() throws -> App {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        return App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: shell,
                   root: shell.screen(for: .indirectResellers))
    }

    /// The page a key sequence ends on, from the Indirect resellers list.
    private func pageAfter(_ keys: [KeyEvent], with overrides: KeyOverrides = KeyOverrides()) throws -> String {
        let app = try resellers()
        KeyOverrides.$current.withValue(overrides) {
            // Drawn first, as the loop does: a page is as high as the list was drawn.
            _ = app.render()
            for key in keys { app.handle(key) }
        }
        return app.navigator.top.title
    }

    @Test func theVimPresetMovesThroughTheListAndOpensWithL() throws {
        let second = try pageAfter([.down, .enter])
        let last = try pageAfter([.pageDown, .enter])
        #expect(second != "Indirect resellers" && last != second, "the demo has resellers to move through")
        #expect(try pageAfter([.character("j"), .character("l")], with: Self.vim) == second)
        #expect(try pageAfter([.ctrl("f"), .character("l")], with: Self.vim) == last)
        #expect(try pageAfter([.ctrl("d"), .character("k"), .character("j"), .enter], with: Self.vim) == last)
        // Without the preset Ctrl-F and l do nothing here.
        #expect(try pageAfter([.ctrl("f"), .character("l")]) == "Indirect resellers")
    }

    @Test func theVimPresetLeavesTypingAlone() throws {
        let app = try resellers()
        KeyOverrides.$current.withValue(Self.vim) {
            for key: KeyEvent in [.character("/"), .character("l"), .character("j")] { app.handle(key) }
            #expect(app.navigator.top.title == "Indirect resellers", "l was typed into the filter, not used to open")
            #expect(app.render().text.contains("/ lj"))
        }
    }

    @Test func theVimPresetsPagesHandleExactlyTheKeysTheyList() throws {
        let workspace = demo
        KeyOverrides.$current.withValue(Self.vim) {
            KeymapTests.checkHintsMatchHandling {
                IndirectResellersScreen(session: try! workspace.session(signedInAs: DemoWorkspace.provider))
            }
        }
    }

    @Test func anOverrideChangesTheKeyTheBottomBarAndHelp() throws {
        let session = try demo.session(signedInAs: DemoWorkspace.provider)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: TerminalSize(rows: 40, cols: 120)), shell: shell,
                      root: shell.screen(for: .indirectResellers))
        let overrides = try Self.overrides([KeyAssignment(action: "indirect-resellers.viewCustomers", keys: ["c"], line: 3),
                                            KeyAssignment(action: "global.focusMenu", keys: ["Left"], line: 4)])
        try KeyOverrides.$current.withValue(overrides) {
            let bar = try #require(app.render().lines().last)
            #expect(bar.contains("c customers") && !bar.contains("v customers"), "\(bar)")
            app.handle(.character("?"))
            let help = app.render().text
            let rows = help.split(separator: "\n").compactMap { line in
                line.split(separator: "│").first { $0.contains("View customers") }?.trimmingCharacters(in: .whitespaces)
            }
            #expect(rows.count == 2, "help and the action list under the table: \(help)")
            #expect(rows.allSatisfy { $0.range(of: #"(^|\s)c\s+View customers"#, options: .regularExpression) != nil }, "\(rows)")
            #expect(help.contains("go to the Dashboard menu") && !help.contains("(also h)"), "the remark naming the old key is gone")
            app.handle(.escape)
            app.handle(.character("h"))
            #expect(!app.menuFocused, "h no longer goes to the menu")
            app.handle(.character("c"))
            #expect(app.navigator.top.title.hasPrefix("Customers"), "\(app.navigator.top.title)")
        }
        // Outside the overrides the table is as declared.
        #expect(app.currentHints.contains { $0.keys == [.left, .character("h")] })
    }

    @Test func aPrintableKeyReboundForAListIsNotTakenFromTypeAhead() throws {
        let overrides = try Self.overrides([KeyAssignment(action: "list.down", keys: ["Down", "n"], line: 1)])
        KeyOverrides.$current.withValue(overrides) {
            #expect(ListAction.keymap.action(for: .character("n")) == .down)
            #expect(ListAction.keymap.action(for: .character("j")) == nil, "j was replaced")
            #expect(ListAction.keymapWithoutLetters.action(for: .character("n")) == nil, "a list that takes typing types n")
            #expect(ListAction.keymapWithoutLetters.action(for: .down) == .down)
        }
    }
}
