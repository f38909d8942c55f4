import PartnerCore
import TerminalKit

/// Home: who you are, counts, and what needs attention. While a large workspace is
/// still reading its customers (the dashboard's first frame), the counts that need them
/// say "counting…"; the end of loading is a change of the model like any other, and
/// the counts are filled in when the app says so (`modelDidChange`).
@MainActor
public final class HomeScreen: Screen {
    enum Action: Hashable, Sendable { case endingSoon }

    static let keymap = Keymap<Action>("Home", [
        KeyBinding([.character("e")], .endingSoon, hint: "ending soon", help: "Subscriptions ending within 30 days"),
    ])

    private let session: DashboardSession
    private var summary: HomeSummary?

    public static let counting = "counting…"

    public init(session: DashboardSession) {
        self.session = session
        summary = Self.summary(session)
    }

    private static func summary(_ session: DashboardSession) -> HomeSummary? {
        guard let account = session.account else { return nil }
        return session.isLoading ? HomeSummary(partnersOf: account, in: session.model, now: session.now)
            : HomeSummary(model: session.model, account: account, now: session.now)
    }

    public var title: String { "Home" }
    public var menuItemID: String? { DashboardPage.home.rawValue }
    /// The items of "Needs attention" that open a page.
    private var available: Keymap<Action> {
        Self.keymap.only { _ in (summary?.subscriptionsEndingSoon ?? 0) > 0 }
    }

    public var keyHints: [KeyHint] { available.hints }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch available.action(for: key) {
        case .endingSoon: return .push(EndingSoonScreen(session: session))
        case nil: return nil
        }
    }

    public func modelDidChange() { summary = Self.summary(session) }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let account = session.account, let user = session.user, let summary else { return }
        let (area, actionsArea) = area.splitBottom(available.hints.isEmpty ? 0 : 1)
        ActionBar.render(available.hints, into: &grid, area: actionsArea)
        var y = area.row
        func line(_ text: String, indent: Int = 0, style: CellStyle = .plain) {
            guard y < area.bottom else { return }
            grid.write(text, row: y, col: area.col + indent, maxWidth: area.width - indent, style: style)
            y += 1
        }
        func fact(_ label: String, _ value: String) {
            guard y < area.bottom else { return }
            grid.write(label, row: y, col: area.col + 2, maxWidth: 22)
            grid.write(value, row: y, col: area.col + 24, maxWidth: area.width - 24, style: .bold)
            y += 1
        }
        line(account.legalName, style: .title)
        line("\(account.kind.label) · MPN ID \(account.mpnId) · \(account.tenantDomain)")
        line("Enrollment: \(account.enrollment.label)", style: account.isActive ? .plain : .warning)
        line("Signed in as \(user.displayName) (\(user.rolesLabel))")
        y += 1
        line("At a glance", style: CellStyle([.bold, .underline]))
        let partners = account.kind == .indirectProvider ? "Indirect resellers" : "Indirect providers"
        fact(partners, "\(summary.partnersActive) active" + (summary.partnersInvited > 0 ? " · \(summary.partnersInvited) invited" : ""))
        if summary.customersCounted {
            fact("Customers", "\(summary.customers)")
            fact("Subscriptions", "\(summary.subscriptionsActive) active · \(summary.subscriptionsSuspended) suspended")
        } else {
            fact("Customers", Self.counting)
            fact("Subscriptions", Self.counting)
        }
        y += 1
        line("Needs attention", style: CellStyle([.bold, .underline]))
        let items = attention(summary, account: account, user: user)
        if items.isEmpty && summary.customersCounted { line("Nothing needs attention.", indent: 2, style: .dim) }
        let bullets = Rect(row: area.row, col: area.col + 2, height: area.height, width: area.width - 2)
        for item in items { y = Paragraph.write("● " + item, into: &grid, area: bullets, row: y, hanging: 2, style: .warning) }
        if !summary.customersCounted { line("Counting customers and subscriptions…", indent: 2, style: .dim) }
    }

    private func attention(_ s: HomeSummary, account: PartnerAccount, user: User) -> [String] {
        var items: [String] = []
        if !account.isActive { items.append("Enrollment is \(account.enrollment.label.lowercased())") }
        // Only where customers are added and ordered for: a provider's active account (rule 9).
        if account.kind == .indirectProvider, account.isActive, let remedy = session.model.adminAgentRemedy(for: user.id) {
            items.append(remedy.hint)
        }
        if s.invitationsReceivedPending > 0 {
            items.append(Self.count(s.invitationsReceivedPending, "partnership invitation waits", "partnership invitations wait") + " for your answer")
        }
        if s.invitationsSentPending > 0 {
            items.append(Self.count(s.invitationsSentPending, "invitation you sent waits", "invitations you sent wait") + " for an answer")
        }
        if s.customersWithoutSupportContact > 0 {
            items.append(Self.count(s.customersWithoutSupportContact, "customer has", "customers have") + " no designated support contact")
        }
        if s.subscriptionsEndingSoon > 0 {
            items.append(Self.count(s.subscriptionsEndingSoon, "subscription ends", "subscriptions end") + " within 30 days")
        }
        return items
    }

    private static func count(_ n: Int, _ one: String, _ many: String) -> String {
        "\(n) " + (n == 1 ? one : many)
    }
}
