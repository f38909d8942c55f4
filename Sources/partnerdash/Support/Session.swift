import ArgumentParser
import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres

/// The signed-in user and their account.
struct SignedIn {
    let user: User
    let account: PartnerAccount
    var actor: Actor { .user(user.id) }
    var isProvider: Bool { account.kind == .indirectProvider }
}

/// What one invocation works on: the workspace directory and who is signed in, resolved
/// from the global options and the environment.
struct Session {
    let options: GlobalOptions
    let output: Output
    let environment: [String: String]

    init(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.environment = environment
        output = Output(options, environment: environment)
    }

    /// The flags, the environment and the configuration file, in that order (`config show`).
    var settings: EffectiveSettings { EffectiveSettings(options, environment: environment) }

    /// Where the workspace lives: `--data`, else `PARTNERDASH_DATA`, else the configuration's
    /// `data`, else the default directory; a `postgresql://` URI is a workspace in PostgreSQL (the shared mode).
    var location: DataLocation {
        get throws {
            do {
                return try DataLocation.fromEnvironment(settings.workspace?.value, environment: environment)
            } catch let error as DataLocationError {
                throw CLIError("data", error.description, code: ExitStatus.usage)
            }
        }
    }

    /// The directory, for the commands that work only on one (`gen`, the file side of `demo`).
    func directory(for command: String) throws -> URL {
        switch try location {
        case .directory(let url): return url
        case .postgres:
            throw CLIError("data", "\(command) works on a workspace directory, not on a PostgreSQL workspace", code: ExitStatus.usage)
        }
    }

    static func catalog() throws -> OfferCatalog {
        OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    }

    static func names() throws -> WorldNames {
        try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    }

    /// The workspace `batch` keeps open for all its commands; nil outside a batch. The CLI
    /// runs one command at a time on one thread, so nothing else touches it meanwhile.
    nonisolated(unsafe) static var batchWorkspace: Workspace?

    /// Opens the workspace. `deferring` names the snapshot sections this command reads
    /// nothing of (the audit log, and orders and subscriptions, for a command that only
    /// shows customers or partners): they are read only if the command turns out to change
    /// something, or signing in finds terms that ended. The default is none.
    func open(deferring: DeferredSections = []) throws -> Workspace {
        if let shared = Self.batchWorkspace {
            // What other processes wrote since the batch's last command, so this one reads
            // the latest (a change is decided on the latest state anyway, under the lock).
            try shared.refresh()
            // The batch opened leaving the large sections unread; a command that reads one
            // of them reads them all first, as its own open would have. What earlier
            // commands put in of a section still unread (one reseller's customers, the
            // subscriptions sought) is what a command that leaves it unread may see.
            if !deferring.isSuperset(of: shared.backend.deferredSections) {
                try shared.loadDeferred()
                Invocation.log.debug("read the sections the batch left unread", metadata: ["command": "\(Invocation.command)"])
            }
            return shared
        }
        try removeAbandonedStaging()
        let location = try self.location
        // A server that does not answer: reads show this machine's copy, saying so on
        // stderr; a change is refused (exit 3) when it reaches the store.
        let workspace = try Invocation.timed("opened workspace") {
            try SharedWorkspace.open(location, catalog: Self.catalog(), deferring: deferring, localCopyWhileUnreachable: true,
                                     environment: environment)
        }
        // Freed by the process's exit, as the dashboard's is: tearing a 200,000-customer
        // model down entry by entry was a tenth of a command. Every change is synced and
        // stdout written (unbuffered) before the process ends.
        _ = Unmanaged.passRetained(workspace)
        if let timings = workspace.fileStore?.openTimings { Self.logOpenSteps(timings) }
        Self.logSectionsLeftUnread(workspace.backend.deferredSections)
        if let reason = workspace.backend.readOnlyReason, SharedWorkspace.localCopySequence(of: workspace) != nil {
            output.note("partnerdash: warning: \(reason); showing it read-only, changes are refused until PostgreSQL answers")
        }
        prepareOutbox(of: workspace)
        workspace.invitationExpiry = ConfigInEffect.configuration.invitationExpiry.value
        // How much journal a command may leave before it writes a snapshot (tuning, and
        // the tests that check every command takes one when due).
        if let bytes = environment["PARTNERDASH_CHECKPOINT_BYTES"].flatMap(Int64.init), bytes > 0 {
            workspace.checkpointThresholdBytes = bytes
        }
        return workspace
    }

    /// Where an open's time went, at debug level: the snapshot read, each large section's
    /// thread (customers, orders, subscriptions, audit log; 0 for one deferred), the journal
    /// and the invariant check.
    static func logOpenSteps(_ t: OpenTimings) {
        Invocation.log.debug("open steps", metadata: [
            "command": "\(Invocation.command)", "read": "\(Invocation.milliseconds(t.readSnapshot))",
            "snapshot bytes read": "\(t.snapshotBytesRead)", "read before decoding": "\(t.snapshotBytesReadFirst)",
            "held at most": "\(t.snapshotBytesHeldAtMost)",
            "sections": "\(t.sectionGroups.map(Invocation.milliseconds))", "journal": "\(Invocation.milliseconds(t.journal))",
            "invariants": "\(Invocation.milliseconds(t.invariants)) (\(t.invariantScope))", "total": "\(Invocation.milliseconds(t.total))",
        ])
    }

    /// Which large sections the open left in the snapshot, at debug level (none: nothing is said).
    static func logSectionsLeftUnread(_ sections: DeferredSections) {
        let names: [(DeferredSections, String)] = [(.customers, "customers"), (.ordersAndSubscriptions, "orders and subscriptions"),
                                                  (.auditLog, "audit log")]
        let unread = names.filter { sections.contains($0.0) }.map(\.1)
        guard !unread.isEmpty else { return }
        Invocation.log.debug("sections left unread", metadata: ["command": "\(Invocation.command)",
                                                                "sections": "\(unread.joined(separator: ", "))"])
    }

    /// What a killed `gen` or `demo` left beside the workspace directory (`StagingDirectory`).
    func removeAbandonedStaging() throws {
        if case .directory(let url) = try location { StagingDirectory.removeAbandoned(for: url.path) }
    }

    /// `--as`, else `PARTNERDASH_USER`, else the configuration's `as`, else the first admin of a workspace that has one
    /// account (in the shared mode: the one user the database role is mapped to, if one).
    /// In the shared mode only a user the role is mapped to may be signed in.
    func signIn(_ workspace: Workspace) throws -> SignedIn {
        let model = workspace.model
        let user: User
        if let name = settings.user?.value {
            user = try model.findUser(name, field: "as")
        } else if let permitted = workspace.backend.permittedActors, permitted.count == 1,
                  let id = model.userByPrincipal[permitted[0].lowercased()], let only = model.users[id] {
            user = only
        } else if model.accounts.count == 1, let account = model.accounts.values.first,
                  let admin = model.users(of: account.id).first(where: { $0.roles.contains(.globalAdmin) }) {
            user = admin
        } else {
            throw CLIError("as", "sign in with --as USER or PARTNERDASH_USER (`partnerdash accounts` lists who can)",
                           code: ExitStatus.usage)
        }
        guard let account = model.accounts[user.accountId] else {
            throw CLIError("as", "\(user.userPrincipalName) has no account", code: ExitStatus.storage)
        }
        if let refusal = workspace.refusalToSignIn(as: user) { throw CLIError("as", refusal) }
        workspace.signedIn(as: user)
        // Terms that ended renew or expire before anything is shown (rule 11). After a
        // long time away they are a journal's worth: a read-only command (`customers
        // list`, `log`) that appended them takes the snapshot a change would, or every
        // later process would replay them.
        if workspace.recordTermEnds(signingIn: user) > 0 { Self.snapshotIfDue(workspace) }
        return SignedIn(user: user, account: account)
    }

    /// Lets go of a workspace `open` gave, unless it is the batch's, which its next commands use.
    func close(_ workspace: Workspace) {
        if workspace !== Self.batchWorkspace { workspace.close() }
    }

    /// Opens the workspace and signs in: what nearly every command starts with.
    func start(deferring: DeferredSections = []) throws -> (Workspace, SignedIn) {
        let workspace = try open(deferring: deferring)
        return (workspace, try signIn(workspace))
    }

    /// Runs a command that may create the workspace (provider setup, enrollment): in an
    /// existing workspace it is one more change; otherwise the workspace is created holding
    /// just that change, so a refusal leaves no empty workspace behind. `make` builds the
    /// command from the current model (empty for a new workspace).
    func executeCreating(as actor: Actor, _ make: (PartnerModel) throws -> Command) throws -> (Workspace, Receipt, [URL]) {
        let catalog = try Self.catalog()
        let location = try self.location
        try removeAbandonedStaging()
        if try Self.batchWorkspace != nil || SharedWorkspace.exists(location) {
            let workspace = try open()
            let (receipt, mail) = try Self.execute(make(workspace.model), as: actor, in: workspace)
            return (workspace, receipt, mail)
        }
        var world = WorldBuilder(context: CommandContext(now: Date(), fresh: SecureFreshValues(), catalog: catalog))
        let receipt = try world.run(make(world.model), as: actor)
        let workspace: Workspace
        switch location {
        case .directory(let directory):
            workspace = try Workspace.create(at: directory, catalog: catalog, from: world)
        case .postgres:
            // Creates the workspace in the database (and its tables when missing).
            workspace = try SharedWorkspace.createInPostgres(location, catalog: catalog, from: world, environment: environment)
        }
        Self.warnIfMailNotWritten(workspace)
        return (workspace, receipt, workspace.outbox.messages())
    }

    /// Says on stderr when opening found committed mail it could not move into the outbox,
    /// and, in a debug build, makes outbox writes fail as `PARTNERDASH_OUTBOX_FAULT` says
    /// (`stage:ENOSPC`, `publish:EIO`: the tests' way to reproduce a full or failing disk in
    /// the binary; release builds have no such variable, as for `PARTNERDASH_FAULTS`).
    func prepareOutbox(of workspace: Workspace) {
        if let failure = workspace.openingSettlement?.failure {
            output.note("partnerdash: warning: saved changes' email could not be written to the outbox (\(failure)); "
                        + "it is kept whole in \(workspace.outbox.stagingDirectory.path) (`partnerdash outbox write`)")
        }
        #if DEBUG
        if let fault = environment["PARTNERDASH_OUTBOX_FAULT"].flatMap(FaultyMailFiles.init(describing:)) {
            workspace.outbox.files = fault
        }
        #endif
    }

    /// A saved change whose email could not be moved into the outbox is not a failure:
    /// the person is told it is saved, why the email is missing and how it gets written.
    static func warnIfMailNotWritten(_ workspace: Workspace) {
        guard let failure = workspace.lastMailFailure else { return }
        FileHandle.standardError.write(Data((TerminalText.escaped("partnerdash: warning: \(failure)") + "\n").utf8))
    }

    /// Builds a whole workspace (demo, gen) in a sibling directory and moves it into place,
    /// so a failure never leaves a half-made workspace at `directory`. `replacing` deletes
    /// the workspace already there, only once the new one is complete. The directory there
    /// is replaced only under its write lock and only when no process has it open
    /// (`WorkspaceLock.lockForReplacing`): a dashboard never keeps writing into a workspace
    /// that was swapped from under it.
    static func createStaged(at directory: URL, replacing: Bool, _ build: (URL) throws -> Void) throws {
        let manager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        // Refuse before building anything: an open workspace is never replaced.
        if manager.fileExists(atPath: directory.path) {
            try WorkspaceLock.lockForReplacing(directory: directory.path).release()
        }
        // A killed gen or demo left its staging directory: removed once its creator is gone.
        StagingDirectory.removeAbandoned(for: directory.path)
        let marked = try StagingDirectory.begin(for: directory.path)
        defer { marked.release() }
        let staging = URL(fileURLWithPath: marked.path)
        do {
            try build(staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        // Checked again under the write lock, and once more after the old directory is moved
        // aside: an open that marked it between the first test and the move is caught by the
        // second (and the directory put back); one that marks it later finds another
        // directory at the path once it has read, and opens again (`WorkspaceStore.beginOpen`).
        let emptyDirectory = (try? manager.contentsOfDirectory(atPath: directory.path))?.isEmpty == true
        var guardLock: WorkspaceLock?
        var aside: URL?
        defer { guardLock?.release() }
        if (replacing && Workspace.exists(at: directory)) || emptyDirectory {
            do {
                let lock = try WorkspaceLock.lockForReplacing(directory: directory.path)
                guardLock = lock
                let old = URL(fileURLWithPath: StagingDirectory.aside(for: directory.path))
                try? manager.removeItem(at: old)
                try manager.moveItem(at: directory, to: old)
                if try lock.isOpenElsewhere() {
                    try manager.moveItem(at: old, to: directory)
                    throw WorkspaceLock.openElsewhere(directory.path)
                }
                aside = old
            } catch {
                try? manager.removeItem(at: staging)
                throw error
            }
        }
        try manager.moveItem(at: staging, to: directory)
        if let aside { try? manager.removeItem(at: aside) }
    }

    /// Every command's one way to change the workspace: `workspace.execute`, then a snapshot
    /// when the journal is due for one (the CLI has no idle time to take it later). Returns
    /// the outbox files the change wrote, to point the user at them.
    @discardableResult
    static func execute(_ command: Command, as actor: Actor, in workspace: Workspace) throws -> (receipt: Receipt, mail: [URL]) {
        let receipt = try workspace.execute(command, as: actor)
        warnIfMailNotWritten(workspace)
        snapshotIfDue(workspace)
        return (receipt, workspace.lastDelivered)
    }

    /// A snapshot when the journal is due for one, after a change (`execute`, `import`, the
    /// term ends recorded at sign-in).
    static func snapshotIfDue(_ workspace: Workspace) {
        do {
            let written = try Invocation.timed("snapshot if due") { try workspace.checkpointIfDue() }
            if written { Invocation.log.debug("wrote snapshot", metadata: ["command": "\(Invocation.command)"]) }
        } catch {
            // The change itself is journaled and synced; only the snapshot is late.
            Invocation.snapshotFailed(error)
            FileHandle.standardError.write(Data("partnerdash: warning: snapshot not written (\(error)); the change is saved in the journal\n".utf8))
        }
    }
}

extension SignedIn {
    /// Pages that exist only for one kind of account refuse the other plainly.
    func require(_ kind: PartnerAccount.Kind, for page: String) throws {
        guard account.kind == kind else {
            throw CLIError("account", "\(page) is for an \(kind.label); \(account.legalName) is an \(account.kind.label)")
        }
    }
}
