import PartnerDashboard
import TerminalKit

/// A shell with a fixed menu and status, for tests of the app around screens.
@MainActor
final class SampleShell: Shell {
    var status = FrameStatus(account: "Contoso Distribution (indirect provider)", user: "ana@contoso", pendingInvitations: 2)
    var menu = [
        MenuItem(id: "home", title: "Home"),
        MenuItem(id: "resellers", title: "Indirect resellers"),
        MenuItem(id: "customers", title: "Customers"),
    ]

    func screen(for item: MenuItem) -> any Screen {
        item.id == "customers" ? SampleFormScreen() : SampleTableScreen()
    }
}
