import PartnerCore

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
                           pendingInvitations: PendingInvitations(model: session.model, account: account.id, now: session.now).total,
                           durability: session.durability)
    }

    public var menu: [MenuItem] {
        guard let kind = session.account?.kind else { return [] }
        return DashboardPage.allCases.filter { $0.applies(to: kind) && isBuilt($0) }.map(\.menuItem)
    }

    public func screen(for item: MenuItem) -> any Screen {
        screen(for: DashboardPage(rawValue: item.id) ?? .home)
    }

    /// The screen of a page; Home for a page not built yet (the menu does not offer those).
    public func screen(for page: DashboardPage) -> any Screen {
        switch page {
        case .indirectResellers: return IndirectResellersScreen(session: session)
        case .customers: return CustomersScreen(session: session)
        default: return HomeScreen(session: session)
        }
    }

    private func isBuilt(_ page: DashboardPage) -> Bool {
        page == .home || page == .indirectResellers || page == .customers
    }

    /// The first screen: Sign in, or Home when someone is already signed in.
    public func startScreen() -> any Screen {
        session.user == nil ? SignInScreen(session: session) : HomeScreen(session: session)
    }
}
