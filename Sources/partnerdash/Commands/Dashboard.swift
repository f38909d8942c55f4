import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres
import PartnerDashboard
import TerminalKit
import TerminalNcurses

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the keyboard-driven dashboard (the default command).",
        discussion: """
            Opens the workspace (--data, PARTNERDASH_DATA); on a first run it creates an empty one, where Sign in's \
            `n` sets up an indirect provider or enrolls an indirect reseller. A directory that holds other files \
            is never turned into a workspace. A workspace in PostgreSQL (--data postgresql://…?workspace=NAME) \
            must exist already (`init`, `demo`), or is created as the demo with --demo.

            Examples:
              partnerdash
              partnerdash --demo
              partnerdash dashboard --data ~/partners --as ana
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: """
        Open a ready demo workspace, creating it first when the directory has none \
        (without --data: $XDG_DATA_HOME/partnerdash-demo or ~/.local/share/partnerdash-demo).
        """)
    var demo = false

    mutating func run() throws {
        // Refuse before creating anything: without a TTY ncurses would assume 80×24 and spin.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data((TerminalText.escaped("\(TerminalStartError.notATerminal)") + "\n").utf8))
            throw ExitCode(TerminalStartError.exitStatus)
        }
        let session = Session(global)
        var location = try session.location
        if demo, global.data == nil { location = .directory(Self.demoDirectory(session.environment)) }
        switch location {
        case .directory(let directory):
            // Thrown when the directory cannot be read: permission denied is not "no workspace".
            if !(try SharedWorkspace.exists(location)) {
                try Self.createWorkspace(at: directory, demo: demo)
            }
        case .postgres:
            // A server that does not answer is asked again by the open below, which then
            // shows this machine's copy read-only (or says it has none).
            if !((try? SharedWorkspace.exists(location)) ?? true) {
                // A mistyped workspace name must not quietly become a new workspace in a shared database.
                guard demo else {
                    throw CLIError("data", "\(location) has no workspace; create one with `partnerdash init` or "
                        + "`partnerdash demo` (or open it with --demo)", code: ExitStatus.storage)
                }
                try Demo.create(in: location, environment: session.environment)
            }
        }
        // In two steps for a directory: the first frame is drawn from accounts, users,
        // invitations and partnerships while a large workspace's customers are still being read.
        try session.removeAbandonedStaging()
        let workspace = try Invocation.timed("opened workspace (first step)") {
            try SharedWorkspace.open(location, catalog: Session.catalog(), progressive: true, localCopyWhileUnreachable: true,
                                     environment: session.environment)
        }
        // Users are among what the first step reads; `--as` takes what every command takes.
        let name = session.settings.user?.value
        var user = try name.map { try workspace.model.findUser($0, field: "as") }
        // A database role mapped to exactly one user signs in as them, as every command does.
        if user == nil, let permitted = workspace.backend.permittedActors, permitted.count == 1,
           let id = workspace.model.userByPrincipal[permitted[0].lowercased()] {
            user = workspace.model.users[id]
        }
        if let user, let refusal = workspace.refusalToSignIn(as: user) { throw CLIError("as", refusal) }
        workspace.invitationExpiry = ConfigInEffect.configuration.invitationExpiry.value
        throw ExitCode(openDashboard(DashboardLaunch(workspace: workspace, user: user?.id, color: !global.noColor,
                                                     theme: session.settings.theme.value, keys: ConfigInEffect.configuration.keys,
                                                     configMessage: ConfigInEffect.statusMessage)))
    }

    /// The demo, or on a first run an empty workspace whose Sign in offers `n` to set up a
    /// provider or enroll a reseller. Never in a directory that already holds other files.
    static func createWorkspace(at directory: URL, demo: Bool) throws {
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard contents.isEmpty else {
            throw CLIError("data", "\(directory.path) holds other files and no workspace; pass --data with a new or empty directory",
                           code: ExitStatus.storage)
        }
        try Session.createStaged(at: directory, replacing: false) { staging in
            if demo {
                try Demo.create(at: staging)
            } else {
                _ = try Workspace.createEmpty(at: staging, catalog: try Session.catalog())
            }
        }
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
    var workspace: Workspace
    /// Who to sign in as, if given.
    var user: UserID?
    var color: Bool
    /// The configuration's: how roles look, the keys rebound, and what is wrong with the file.
    var theme: Theme
    var keys: KeyOverrides
    var configMessage: String?
}

/// Opens the dashboard (PartnerDashboard over TerminalKit and TerminalNcurses); returns the exit status.
func openDashboard(_ launch: sending DashboardLaunch) -> Int32 {
    // ArgumentParser runs commands on the main thread; ncurses calls stay on the main actor.
    nonisolated(unsafe) let launch = launch
    // The rebound keys are read by every keymap while the app runs.
    return MainActor.assumeIsolated { KeyOverrides.$current.withValue(launch.keys) { runDashboard(launch) } }
}

@MainActor
private func runDashboard(_ launch: DashboardLaunch) -> Int32 {
    let workspace = launch.workspace
    // Freed by the process's exit rather than entry by entry: tearing down a 200,000-
    // customer model took half a second after `q`. Every change is already synced.
    _ = Unmanaged.passRetained(workspace)
    let session = DashboardSession(workspace: workspace)
    session.opener = SystemOpener()
    session.snapshotObserver = Invocation.backgroundSnapshot
    if let user = launch.user { session.signIn(user) }
    let terminal: NcursesTerminal
    do {
        terminal = try NcursesTerminal.start(.init(monochrome: !launch.color, theme: launch.theme))
    } catch {
        // TERM is named in the message: escaped like any text from outside.
        FileHandle.standardError.write(Data((TerminalText.escaped("\(error)") + "\n").utf8))
        return TerminalStartError.exitStatus
    }
    defer { terminal.stop() }
    let shell = DashboardShell(session: session)
    let app = App(terminal: terminal, shell: shell, root: shell.startScreen())
    app.clipboardTool = SystemClipboardTool()
    if let message = launch.configMessage { app.show(message) }
    // While the rest loads the loop runs already: the first frame is the real one (Home says
    // "counting…" where customers are needed), keys are handled, and an idle tick ends the
    // load once the background reads are done.
    let loadStart = ContinuousClock.now
    session.loadingObserver = { Invocation.note("opened workspace (rest)", since: loadStart) }
    app.run()
    terminal.stop()
    // The disk's error, in every command's one-line form.
    if let failure = session.loadingFailure { Failure.exit(failure) }
    if session.isSnapshotBeingWritten {
        // The wait is seconds on a large book: say why the prompt has not come back, and
        // that interrupting loses nothing (the journal has every change; the next open
        // removes the unfinished file and replays).
        FileHandle.standardError.write(Data("partnerdash: finishing the snapshot being written so the next start is quick (Ctrl-C skips it; nothing saved is lost)\n".utf8))
    }
    session.finishBackgroundSnapshot()
    return 0
}
