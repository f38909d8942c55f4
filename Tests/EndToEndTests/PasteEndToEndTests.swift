import Foundation
import Testing

/// Bracketed paste in a real terminal (docs/TUI.md › Paste): tmux pastes with the markers
/// only because the dashboard asked for them, and what is pasted is text, Esc and q included.
@Suite(.serialized) struct PasteEndToEndTests {
    static let nadia = "nadia@northwindcloud.onmicrosoft.com"

    @Test func aPasteWithEscAndQGoesIntoTheLinkFieldAndTheDashboardStays() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        let tmux = e2e.tmux
        try e2e.dashboard(as: Self.nadia)
        try tmux.waitFor("Northwind Cloud (indirect reseller)")
        try PartnershipJourneyTests().jump(to: "Open invitation", tmux)
        try tmux.waitFor("Link")

        // Before bracketed paste, the Esc left the field for the menu and the q quit.
        try tmux.paste("abc\u{1B}qdef")
        try tmux.waitFor("abcqdef")
        try tmux.waitUntilKeysAreRead()
        #expect(try tmux.exitStatus() == nil, "the dashboard is still running")
        #expect(try tmux.screen().contains("abcqdef"))

        // A paste ending in a line break, as a link copied from a mail: one line in the field.
        try tmux.paste(" ghi\n")
        try tmux.waitFor("abcqdef ghi")
        try tmux.press("Escape")
        try tmux.press("q")
        #expect(try tmux.waitForExit() == 0)
    }
}

extension Tmux {
    /// Pastes `text` as a terminal does (`paste-buffer -p`: bracketed when the program
    /// asked for it), from a buffer loaded from a file so every byte goes as it is.
    func paste(_ text: String) throws {
        let file = scratch.appendingPathComponent("paste-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        try tmux(["load-buffer", "-b", "pasted", file.path])
        try tmux(["paste-buffer", "-p", "-d", "-b", "pasted", "-t", "0"])
    }
}
