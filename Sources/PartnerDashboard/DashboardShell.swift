import PartnerCore
import TerminalKit

/// The app's view of a session: the top bar's facts and the menu for the
/// signed-in account, and the screen each menu entry opens.
@MainActor
public final class DashboardShell: Shell {
    public let session: DashboardSession

    public init(session: DashboardSession) {
        self.session = session
    }

    public var status: FrameStatus {
        guard let user = session.user, let account = session.account else {
            return FrameStatus(durability: session.durability)
        }
        return FrameStatus(account: "\(account.legalName) (\(account.kind.label))", user: user.userPrincipalName,
                           pendingInvitations: pendingInvitations(account.id), durability: session.durability)
    }

    /// The top bar's count, drawn every frame (every key): counted again only when the
    /// model, the account or the second changes, not at each of 30 keys a second.
    private func pendingInvitations(_ account: AccountID) -> Int {
        let now = session.now
        let key = PendingKey(sequence: session.model.lastSequence, account: account,
                             second: Int(now.timeIntervalSinceReferenceDate.rounded(.down)), loading: session.isLoading)
        if let cached = pendingCache, cached.key == key { return cached.total }
        let total = PendingInvitations(model: session.model, account: account, now: now).total
        pendingCache = (key, total)
        return total
    }

    private struct PendingKey: Equatable {
        var sequence: UInt64
        var account: AccountID
        var second: Int
        var loading: Bool
    }

    private var pendingCache: (key: PendingKey, total: Int)?

    public var menu: [MenuItem] {
        guard let kind = session.account?.kind else { return [] }
        return DashboardPage.allCases.filter { $0.applies(to: kind) }.map(\.menuItem)
    }

    /// Wake up between keys to show what other processes wrote and keep the store's
    /// snapshot current without blocking input. A tick that finds nothing new costs a read
    /// at the journal's end and a directory listing, so ten a second is cheap and keeps
    /// another dashboard's change on this screen within a tenth of a second or so.
    /// While the rest of a workspace is read, the tick only asks whether it is in, often
    /// enough that Home's counts follow within a frame.
    public var idleInterval: Duration? { session.isLoading ? .milliseconds(10) : .milliseconds(100) }

    public func idle() -> Bool {
        // Others' changes and snapshots wait for the whole model; asking for them now
        // would make this key wait for the load.
        if session.isLoading { return session.finishLoadingIfReady() }
        let before = session.durability
        session.readOthersChanges()
        let upkeep = session.maintainStore()
        return upkeep || session.durability != before
    }

    /// A commit on any page, or the model read again, reaches every open screen through
    /// the app (`Screen.modelDidChange`). Changes from other processes will come this way.
    public func takeModelChange() -> Bool { session.takeModelChange() }

    public func screen(for item: MenuItem) -> any Screen {
        screen(for: DashboardPage(rawValue: item.id) ?? .home)
    }

    public var mustStop: Bool { session.loadingFailure != nil }

    /// The screen of a page; while the workspace is still loading, a page that needs its
    /// customers, orders, subscriptions or activity says so and opens once they are in.
    public func screen(for page: DashboardPage) -> any Screen {
        guard session.isLoading, page.needsWholeModel else { return loadedScreen(for: page) }
        return AwaitingWholeModelScreen(page: page, session: session) { [unowned self] in self.loadedScreen(for: page) }
    }

    private func loadedScreen(for page: DashboardPage) -> any Screen {
        switch page {
        case .home: return Self.homeScreen(for: session)
        case .indirectResellers: return IndirectResellersScreen(session: session)
        case .customers: return CustomersScreen(session: session)
        case .invitations: return InvitationsScreen(session: session)
        case .indirectProviders: return IndirectProvidersScreen(session: session)
        case .openInvitationLink: return OpenInvitationLinkScreen(session: session)
        case .activityLog: return ActivityLogScreen(session: session)
        case .accountSettings:
            return Self.awaitsEnrollment(session) ? EnrollmentStatusScreen(session: session, page: .accountSettings)
                : AccountSettingsScreen(session: session)
        case .switchUser: return SignInScreen(session: session)
        }
    }

    /// The first screen: Sign in, or Home when someone is already signed in.
    public func startScreen() -> any Screen {
        session.user == nil ? SignInScreen(session: session) : Self.homeScreen(for: session)
    }

    /// Home, or the enrollment status page while a reseller is not active yet.
    public static func homeScreen(for session: DashboardSession) -> any Screen {
        awaitsEnrollment(session) ? EnrollmentStatusScreen(session: session, page: .home) : HomeScreen(session: session)
    }

    static func awaitsEnrollment(_ session: DashboardSession) -> Bool {
        guard let account = session.account else { return false }
        return account.kind == .indirectReseller && !account.isActive
    }

    // MARK: Jump (`:`)

    /// Not while loading: the palette finds customers and subscriptions too.
    public var canJump: Bool { session.account != nil && !session.isLoading }

    public func jumpScreen() -> (any Screen)? {
        canJump ? JumpScreen(session: session, shell: self) : nil
    }
}
