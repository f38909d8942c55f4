import PartnerCore
import TerminalKit

/// Sign in › `n`: which kind of account to create in this workspace.
@MainActor
public final class NewAccountScreen: Screen {
    enum Kind: Hashable, Sendable { case reseller, provider }
    enum Action: Hashable, Sendable { case open }

    static let keymap = Keymap<Action>("New account", [
        KeyBinding([.enter], .open, hint: "start", help: "start creating the selected kind of account"),
    ])

    private let session: DashboardSession
    private var choices = SelectList<Kind>(options: [
        .init(.reseller, "Reseller enrollment"),
        .init(.provider, "Provider setup"),
    ])

    public init(session: DashboardSession) {
        self.session = session
    }

    public var title: String { "New account" }
    public var keyHints: [KeyHint] { choices.keyHints + Self.keymap.hints }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if choices.handle(key) { return .handled }
        switch Self.keymap.action(for: key) {
        case .open:
            switch choices.selected?.id {
            case .reseller: return .replace(EnrollmentScreen(session: session))
            case .provider: return .replace(ProviderSetupScreen(session: session))
            case nil: return .handled
            }
        case nil:
            return nil
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var y = Paragraph.write("Create a partner account in this workspace.", into: &grid, area: area, row: area.row) + 1
        choices.render(into: &grid, area: Rect(row: y, col: area.col, height: 2, width: min(area.width, 30)), focused: true)
        y += 3
        let about: String
        switch choices.selected?.id {
        case .provider?:
            about = "An indirect provider (distributor): its legal and contact details, MPN ID, tenant and first global admin. It is active at once."
        default:
            about = "Enroll an organization as an indirect reseller in the Cloud Solution Provider program: Azure AD tenant, MPN ID from the Partner Membership Center, business profile. It is reviewed before it becomes active."
        }
        Paragraph.write(about, into: &grid, area: area, row: y)
    }
}
