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
        try e2e.tmux.press("q")
        try e2e.tmux.waitFor("the program to exit") { _ in (try? e2e.tmux.exitStatus()) == 0 }
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
        try e2e.tmux.waitFor("the program to exit") { _ in (try? e2e.tmux.exitStatus()) == 0 }
    }
}
