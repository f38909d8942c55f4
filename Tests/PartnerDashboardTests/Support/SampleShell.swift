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

    /// What each idle tick answers (whether the screen should be drawn again), in order;
    /// false once they run out.
    var idleAnswers: [Bool] = []
    private(set) var idleCalls = 0

    func idle() -> Bool {
        idleCalls += 1
        return idleAnswers.isEmpty ? false : idleAnswers.removeFirst()
    }

    func screen(for item: MenuItem) -> any Screen {
        item.id == "customers" ? SampleFormScreen() : SampleTableScreen()
    }
}
