import Foundation
import Testing

/// The dashboard starts, draws, quits and restores the terminal in a real terminal.
@Suite(.serialized) struct StartUpTests {
    static let ana = "ana@contosodistribution.onmicrosoft.com"

    @Test func opensOnHomeAndQuits() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        try e2e.dashboard(as: Self.ana)
        let home = try e2e.tmux.waitFor("At a glance")
        #expect(home.contains("Contoso Distribution (indirect provider)"))
        #expect(home.contains("┌"), "boxes are drawn with line characters, not lqqqk")
        // check takes no lock: it runs beside the open dashboard.
        let check = try e2e.cli("check")
        #expect(check.status == 0, "\(check.output)")
        try e2e.tmux.press("q")
        #expect(try e2e.tmux.waitForExit() == 0)
    }

    @Test func aFirstRunCreatesAnEmptyWorkspaceAndOffersANewAccount() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        try e2e.tmux.start([e2e.binary.path, "--data", e2e.workspace.path], width: 100, height: 30)
        let signIn = try e2e.tmux.waitFor("Nobody here yet")
        #expect(signIn.contains("press n to set up a provider or enroll a reseller"))
        try e2e.tmux.press("n")
        try e2e.tmux.waitFor("New account")
        try e2e.tmux.press("Escape")
        try e2e.tmux.waitFor("Nobody here yet")
        try e2e.tmux.press("q")
        #expect(try e2e.tmux.waitForExit() == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: e2e.workspace.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        #expect(try e2e.cli("check").status == 0)
    }

    @Test func aDirectoryHoldingOtherFilesIsNotTurnedIntoAWorkspace() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        try FileManager.default.createDirectory(at: e2e.workspace, withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: e2e.workspace.appendingPathComponent("notes.txt"))
        try e2e.tmux.start([e2e.binary.path, "--data", e2e.workspace.path], width: 100, height: 30)
        #expect(try e2e.tmux.waitForExit() == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: e2e.workspace.path) == ["notes.txt"])
    }

    @Test func asTakesWhatEveryCommandTakes() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        // The part before the @, as `partnerdash demo` suggests for every command.
        try e2e.tmux.start([e2e.binary.path, "--data", e2e.workspace.path, "--as", "ana"], width: 100, height: 30)
        #expect(try e2e.tmux.waitFor("At a glance").contains("Contoso Distribution (indirect provider)"))
        try e2e.tmux.press("q")
        #expect(try e2e.tmux.waitForExit() == 0)
        // Nobody by that name: refused before the terminal is taken over, like any refusal.
        try e2e.tmux.start([e2e.binary.path, "--data", e2e.workspace.path, "--as", "nobody"], width: 100, height: 30)
        #expect(try e2e.tmux.waitForExit() == 1)
    }

    @Test func tooSmallAndBack() throws {
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        #expect(try e2e.cli("demo").status == 0)
        try e2e.dashboard(as: Self.ana)
        try e2e.tmux.waitFor("At a glance")
        try e2e.tmux.resize(width: 60, height: 20)
        try e2e.tmux.waitFor("terminal too small (need 80×24)")
        try e2e.tmux.resize(width: 100, height: 30)
        try e2e.tmux.waitFor("At a glance")
        try e2e.tmux.press("q")
        #expect(try e2e.tmux.waitForExit() == 0)
    }
}
