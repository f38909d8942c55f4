import Foundation
import Testing

/// The dashboard in a real terminal with a configuration file: the vim preset's keys
/// move and open, and a file with a mistake is named on the status line while the
/// dashboard runs with the defaults.
@Suite(.serialized) struct ConfigEndToEndTests {
    static let ana = "ana@contosodistribution.onmicrosoft.com"

    private func writeConfig(_ text: String, in e2e: EndToEnd) throws {
        let url = e2e.scratch.appendingPathComponent(".config/partnerdash/config.toml")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The breadcrumb's last part: the page open now.
    private func page(_ screen: String) -> String {
        let top = screen.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        return top.components(separatedBy: "›").last?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    @Test func theVimPresetMovesWithJAndOpensWithL() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        try writeConfig("""
            theme = "monochrome"
            [keys]
            preset = "vim"
            """, in: e2e)
        let tmux = e2e.tmux
        try e2e.dashboard(as: Self.ana)
        try tmux.waitFor("At a glance")
        // Home › ↓ moves the menu to Indirect resellers, l opens it (the menu's own l).
        try tmux.press("Down", "l")
        try tmux.waitFor("Partnership")
        // l opens the first reseller's page (the preset's: without it only Enter does).
        try tmux.press("l")
        let first = try tmux.waitFor("a reseller's page") { $0.contains("Indirect resellers ›") }
        try tmux.press("Escape")
        try tmux.waitFor("the list again") { !$0.contains("Indirect resellers ›") && $0.contains("Partnership") }
        // j moves to the second row, and l opens that one.
        try tmux.press("j", "l")
        let second = try tmux.waitFor("another reseller's page") { $0.contains("Indirect resellers ›") && page($0) != page(first) }
        #expect(!page(second).isEmpty && !page(first).isEmpty, "\(first)\n\(second)")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func aFileWithAMistakeIsNamedOnTheStatusLineAndTheDefaultsApply() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        try writeConfig("[keys]\npreset = \"vim\"\nlist.down = \"Hyper-J\"\n", in: e2e)
        let tmux = e2e.tmux
        try e2e.dashboard(as: Self.ana)
        let screen = try tmux.waitFor("the message") { $0.contains("config.toml:3") }
        #expect(screen.contains("\"Hyper-J\" is not a key name"), "\(screen)")
        try tmux.press("Down", "Right")
        try tmux.waitFor("Partnership")
        // The defaults: l opens nothing on the list.
        try tmux.press("l")
        try tmux.press("C-f")
        try tmux.waitUntilKeysAreRead()
        #expect(!(try tmux.screen()).contains("Indirect resellers ›"))
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
