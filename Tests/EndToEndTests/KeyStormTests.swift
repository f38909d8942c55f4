#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing

/// 5,000 random keys from a fixed seed must neither crash the dashboard nor leave a
/// workspace that `partnerdash check` rejects.
@Suite(.serialized) struct KeyStormTests {
    /// Everything a person can press except `q` (which would end the storm early) and
    /// Ctrl-C; it includes keys that submit forms, withdraw invitations and resize nothing.
    static let keys: [String] = {
        let named = ["Enter", "Escape", "Tab", "BTab", "Up", "Down", "Left", "Right", "PageUp", "PageDown", "Home", "End",
                     "BSpace", "DC", "Space", "/", ":", "?", "C-u", "C-l", "é", "日", "+", "-", "@", ".", "'"]
        let letters = "abcdefghijklmnoprstuvwxyzRSV0123456789".map(String.init)
        return named + named + letters
    }()

    @Test func fiveThousandRandomKeysLeaveASoundWorkspace() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        try e2e.dashboard(as: "ana@contosodistribution.onmicrosoft.com")
        try e2e.tmux.waitFor("At a glance")

        var random = SeededFreshValues(seed: 20_261_121)
        var sent = 0
        while sent < 5_000 {
            let batch = (0..<25).map { _ in Self.keys[Int(random.next() % UInt64(Self.keys.count))] }
            try e2e.tmux.press(batch)
            sent += batch.count
            try e2e.tmux.waitUntilKeysAreRead()
            if let status = try e2e.tmux.exitStatus() {
                Issue.record("the dashboard ended (status \(status)) after \(sent) keys:\n\(try e2e.tmux.screen())")
                return
            }
        }
        // Still drawing a frame.
        try e2e.tmux.waitFor("a frame with the Dashboard menu") { $0.contains("Dashboard") && $0.contains("Partner Dashboard") }
        #expect(try e2e.tmux.exitStatus() == nil)

        // Ended as a service manager would; the terminal is restored and the exit is clean.
        try e2e.tmux.terminateProgram()
        #expect(try e2e.tmux.waitForExit() == 0)
        let check = try e2e.cli("check")
        #expect(check.status == 0, "\(check.output)")
    }
}

