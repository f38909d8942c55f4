import Foundation
import PartnerCore
import PartnerWorkspace
import TerminalKit

/// The person at the keyboard and the workspace they work in: who is signed
/// in, what screens may read (the model, the catalog, the mail just written) and the
/// one way they change things (`execute`). The workspace itself stays behind it: a
/// screen cannot reach the store, the outbox's directory or the clock's setter.
/// Whether changes still reach the disk is the store's to say (`durability`).
@MainActor
public final class DashboardSession {
    private let workspace: Workspace
    public private(set) var userID: UserID?
    /// Why the last background snapshot failed, until one succeeds. Never makes the
    /// workspace read-only: every change is already in the synced journal.
    public private(set) var snapshotFailure: String?

    /// Told how long each background snapshot took, or why it failed: the front end's
    /// diagnostic log (this module does no logging of its own).
    public var snapshotObserver: ((Result<Duration, any Error>) -> Void)?
    private var snapshotStarted: ContinuousClock.Instant?
    /// Why the last read of other processes' changes failed, until one succeeds.
    public private(set) var refreshFailure: String?
    /// The model's state screens were last told about (`takeModelChange`), and the rule
    /// on who may sign in (the shared mode's role mapping may change while open).
    private var notified: (sequence: UInt64, loading: Bool, signInRule: String?)
    /// The customer search index of the last Customers page (CustomerIndexCache).
    var customerIndex: (visible: CustomerIdSet, index: CustomerSearchIndex)?
    /// The reseller picker's sorted choices, kept while the resellers stay the same.
    var resellerChoices = ResellerChoicesCache()
    /// Dates are shown in this zone; tests pin it so golden files do not move.
    public var timeZone: TimeZone
    /// Where "Open in email" hands a `mailto:` draft; the program sets the system's.
    public var opener: any ExternalOpener = NoExternalOpener()

    public init(workspace: Workspace, timeZone: TimeZone = .current) {
        self.workspace = workspace
        self.timeZone = timeZone
        notified = (workspace.model.lastSequence, workspace.isLoading, workspace.backend.actingRule)
    }

    public var model: PartnerModel { workspace.model }
    /// The offers that can be ordered.
    public var catalog: OfferCatalog { workspace.catalog }
    /// The workspace's mail, newest last (`.eml` files).
    public var outbox: Outbox { workspace.outbox }
    /// The mail file the last `execute` wrote, if it wrote one.
    public var lastDeliveredMail: URL? { workspace.lastDelivered.last }
    /// Why the last `execute`'s mail is not in the outbox although the change is saved
    /// (it waits, whole, for the next open), or nil.
    public var lastMailFailure: MailNotWritten? { workspace.lastMailFailure }

    /// Whether every change shown is on disk, for the top bar. Read-only is the store's
    /// word alone (a failed journal write, a closed workspace); a snapshot being written
    /// or one that failed changes nothing about what is saved.
    public var durability: Durability {
        if let reason = workspace.backend.readOnlyReason { return .readOnly(reason: reason) }
        if workspace.backend.isCheckpointRunning { return .saving }
        if let snapshotFailure { return .snapshotFailed(reason: snapshotFailure) }
        if let refreshFailure { return .behind(reason: refreshFailure) }
        // Whatever page made the change (ending a partnership, an enrollment), the top bar
        // says its email waits; the next change or open writes it.
        if let mail = workspace.lastMailFailure { return .mailWaiting(reason: mail.reason + " (partnerdash outbox write)") }
        if let notice = workspace.backend.notice { return .resumed(note: notice) }
        return .saved
    }

    /// Whether the model changed since the last call: a commit made here, the rest of a
    /// workspace loaded, or changes read from another process (`readOthersChanges`). The shell passes
    /// it on to the app, which tells every screen (`Screen.modelDidChange`).
    public func takeModelChange() -> Bool {
        let now = (sequence: model.lastSequence, loading: isLoading, signInRule: signInRule)
        guard now != notified else { return false }
        notified = now
        return true
    }

    /// Whether the workspace is still reading its customers, orders and subscriptions (a
    /// dashboard started with `Workspace.beginOpen` draws its first frame meanwhile): the
    /// model has its accounts, users, invitations and partnerships, nothing else yet, and
    /// Home says it is counting. Keys are handled meanwhile; a page that needs the rest
    /// says it is reading and opens once it is in (`AwaitingWholeModelScreen`), and a
    /// change waits for it (`Workspace.execute`).
    public var isLoading: Bool { workspace.isLoading }

    /// Why the rest of the workspace could not be read (the disk's error, found between
    /// keys by `finishLoadingIfReady`): the dashboard stops with it, as a failed open does.
    public private(set) var loadingFailure: (any Error)?

    /// Told when the whole model is in, after `finishLoadingIfReady` finished the load.
    public var loadingObserver: (() -> Void)?

    /// Waits until the whole model is in memory. An error here is the disk's: the
    /// workspace cannot be used.
    public func finishLoading() throws {
        try workspace.finishLoading()
        recordTermEnds()
    }

    /// Between keys: finishes the load once the background reads are done, so it never
    /// makes a key wait for them. Returns whether it ended the loading (the screens hear
    /// of it through `takeModelChange`), also when it failed (`loadingFailure`).
    public func finishLoadingIfReady() -> Bool {
        guard isLoading, loadingFailure == nil, workspace.isLoadReady else { return false }
        endLoading()
        return true
    }

    /// A key for a page that needs the whole model waits for it here. False when the
    /// load failed (`loadingFailure`; the dashboard then stops).
    func waitForTheWholeModel() -> Bool {
        if isLoading, loadingFailure == nil { endLoading() }
        return loadingFailure == nil
    }

    private func endLoading() {
        do {
            try finishLoading()
            loadingObserver?()
        } catch {
            loadingFailure = error
        }
    }

    /// No page may show a term that ended as running (rule 11): on sign-in, once the
    /// subscriptions are read, and as time passes between keys, the terms due renew or
    /// expire, recorded for the signed-in user. Returns whether any did.
    ///
    /// After a long time away they are a journal's worth, so the snapshot they make due
    /// starts at once, in the background (the first frame does not wait for it), rather
    /// than at the first idle tick, which a dashboard quit at once never reaches.
    @discardableResult
    private func recordTermEnds() -> Bool {
        guard !isLoading, let user, workspace.recordTermEnds(signingIn: user) > 0 else { return false }
        _ = maintainStore()
        return true
    }

    /// A snapshot started in the background is still being written (quitting says so
    /// before it waits for it).
    public var isSnapshotBeingWritten: Bool { workspace.backend.isCheckpointRunning }

    /// At quit: a snapshot being written in the background is finished, not lost with the
    /// process, so the next process does not replay what it covers. Only then does quitting
    /// wait (the bench's snapshot at 200,000 customers took 3.0 s from start to finish).
    public func finishBackgroundSnapshot() {
        guard isSnapshotBeingWritten else { return }
        workspace.backend.waitUntilCheckpointWritten()
        _ = maintainStore()
    }
    public var now: Date { workspace.now() }

    /// Writes `data` to the workspace's `exports/` (0700) as a new 0600 file named from
    /// `stem` and the time; returns where.
    public func writeExport(_ data: Data, stem: String, fileExtension: String = "csv") throws -> URL {
        try ExportFile.write(data, workspace: workspace.directory, stem: stem, fileExtension: fileExtension, now: now)
    }

    /// A fresh invitation draft from the signed-in user (Draft email); nothing is stored
    /// until it is sent with `execute(.sendInvitation…)`.
    public func draftInvitation(to target: InvitationTarget) throws -> InvitationDraft {
        guard let actor else { throw SessionError.notSignedIn }
        return try workspace.draftInvitation(to: target, as: actor)
    }

    public var actor: Actor? { userID.map(Actor.user) }
    public var user: User? { userID.flatMap { model.users[$0] } }
    public var account: PartnerAccount? { user.flatMap { model.accounts[$0.accountId] } }

    /// Signs `user` in, unless the workspace's rule refuses them (in the shared mode a
    /// database role acts only as the users it is mapped to): then nobody changes and the
    /// refusal is returned.
    @discardableResult
    public func signIn(_ user: UserID) -> String? {
        workspace.backend.reloadPermissions()
        if let found = model.users[user], let refusal = workspace.refusalToSignIn(as: found) { return refusal }
        userID = user
        workspace.signedIn(as: model.users[user])
        recordTermEnds()
        return nil
    }

    public func signOut() {
        userID = nil
        workspace.signedIn(as: nil)
    }

    /// Whether Sign in offers `user` (everyone, except in the shared mode: the users the
    /// database role is mapped to).
    public func maySignIn(as user: User) -> Bool {
        workspace.maySignIn(as: user)
    }

    /// The rule that limits Sign in, when one does: said above the list.
    public var signInRule: String? {
        workspace.backend.actingRule
    }

    /// Runs a command as the signed-in user. A refusal (`DomainError`) changes
    /// nothing and is for the screen to show; any other failure is the disk's: the
    /// store turns read-only, refuses everything after, and the top bar says so (rule 5
    /// of the durability rules, docs/RULES.md D5: never retry and then acknowledge).
    @discardableResult
    public func execute(_ command: Command) throws -> Receipt {
        guard let actor else { throw SessionError.notSignedIn }
        return try execute(command, as: actor)
    }

    /// Runs a command as someone other than the signed-in user: the enrollment
    /// wizard acts as `.enrollee`, who has no user until the account exists, and the
    /// customer answering an invitation link (`Actor.customer`), whose token is the
    /// credential. Same durability rules as `execute(_:)`.
    @discardableResult
    public func execute(_ command: Command, as actor: Actor) throws -> Receipt {
        if let reason = workspace.backend.readOnlyReason { throw SessionError.readOnly(reason) }
        return try workspace.execute(command, as: actor)
    }

    /// Reads and applies what other processes (dashboards, commands) appended since this
    /// one last read, without waiting for any writer; the next `takeModelChange` reports it
    /// and every screen is told. A failure (a record another process wrote that does not
    /// read) is said in the top bar and tried again at the next tick; nothing here is lost.
    /// Returns whether the model changed.
    @discardableResult
    public func readOthersChanges() -> Bool {
        guard !isLoading else { return false }
        do {
            let changed = try workspace.refresh()
            refreshFailure = nil
            return recordTermEnds() || changed
        } catch {
            refreshFailure = String(describing: error)
            return false
        }
    }

    /// Background upkeep between keys: starts a snapshot when the journal has grown and
    /// finishes one whose file is written, never waiting for it. A snapshot that fails is
    /// said in the top bar and tried again once the journal has grown again; the journal
    /// keeps every change meanwhile, so it never makes the workspace read-only. Returns
    /// whether the top bar changed.
    public func maintainStore() -> Bool {
        let store = workspace.backend
        let before = durability
        do {
            if try store.pollBackgroundCheckpoint() {
                snapshotFailure = nil
                if let started = snapshotStarted { snapshotObserver?(.success(.now - started)) }
                snapshotStarted = nil
            } else if store.isCheckpointDue {
                if try store.startBackgroundCheckpoint() { snapshotStarted = .now }
            }
        } catch {
            snapshotFailure = String(describing: error)
            snapshotStarted = nil
            snapshotObserver?(.failure(error))
        }
        return durability != before
    }

    /// `2026-10-02` in the session's time zone.
    public func day(_ date: Date) -> String {
        CalendarDay(date, timeZone: timeZone).description
    }
}
