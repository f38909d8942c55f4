import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the keyboard-driven dashboard (the default command).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: """
        Open a ready demo workspace, creating it first when the directory has none \
        (without --data: $XDG_DATA_HOME/partnerdash-demo or ~/.local/share/partnerdash-demo).
        """)
    var demo = false

    mutating func run() throws {
        let session = Session(global)
        var directory = session.directory
        if demo {
            if global.data == nil { directory = Self.demoDirectory(session.environment) }
            if !Workspace.exists(at: directory) {
                try Session.createStaged(at: directory, replacing: false, Demo.create)
            }
        }
        let workspace = Workspace.exists(at: directory) ? try Workspace.open(at: directory, catalog: Session.catalog()) : nil
        throw ExitCode(openDashboard(DashboardLaunch(
            directory: directory, workspace: workspace, user: global.user ?? session.environment["PARTNERDASH_USER"],
            color: !global.noColor)))
    }

    /// The demo gets its own directory so it never mixes with real work.
    static func demoDirectory(_ environment: [String: String]) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("partnerdash-demo")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/partnerdash-demo")
    }
}

/// What the dashboard opens on.
struct DashboardLaunch {
    var directory: URL
    /// Nil when the directory has no workspace yet (the sign-in screen offers to create one).
    var workspace: Workspace?
    /// Who to sign in as, if given.
    var user: String?
    var color: Bool
}

/// The seam the dashboard (PartnerTUI over TerminalNcurses) plugs into; returns the exit status.
func openDashboard(_ launch: DashboardLaunch) -> Int32 {
    FileHandle.standardError.write(Data("partnerdash: the dashboard is not wired yet\n".utf8))
    return ExitStatus.usage
}
