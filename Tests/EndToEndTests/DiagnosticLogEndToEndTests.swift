import Foundation
import Testing

/// The diagnostic log at its most talkative never reaches the dashboard's screen: every
/// record goes to the log file (docs/SCRIPTING.md › Diagnostic log).
@Suite(.serialized) struct DiagnosticLogEndToEndTests {
    @Test func theDashboardAtDebugLevelWritesItsLogToTheFileOnly() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        try e2e.tmux.start(["env", "PARTNERDASH_LOG=debug", e2e.binary.path, "--data", e2e.workspace.path, "--as", "ana"])
        let home = try e2e.tmux.waitFor("At a glance")
        try e2e.tmux.press("q")
        #expect(try e2e.tmux.waitForExit() == 0)
        // The pane keeps what was printed after the dashboard let the terminal go.
        let after = try e2e.tmux.screen()
        for screen in [home, after] {
            #expect(!screen.contains("partnerdash:") && !screen.contains("opened workspace") && !screen.contains("debug"),
                    "\(screen)")
        }
        // HOME is the scratch directory, and no XDG_STATE_HOME is set: ~/.local/state.
        let log = e2e.scratch.appendingPathComponent(".local/state/partnerdash/partnerdash.log")
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("opened workspace (first step)") }, "\(lines)")
        #expect(lines.contains { $0.contains("finished") && $0.contains("command=dashboard") && $0.contains("status=0") }, "\(lines)")
    }
}
