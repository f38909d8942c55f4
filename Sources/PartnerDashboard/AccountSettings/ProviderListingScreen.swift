import Foundation
import PartnerCore
import TerminalKit

/// Account settings › Provider listing (docs/WORKFLOWS.md P1–P3): the
/// company's entry on Microsoft's official indirect providers list, per
/// location, and the support requests that change it. Microsoft updates the
/// listing within two to three weeks; Refresh applies the requests that are due.
@MainActor
public final class ProviderListingScreen: Screen {
    enum Action: Hashable, Sendable { case newRequest, refresh }

    static let keymap = Keymap<Action>("Provider listing", [
        KeyBinding([.character("n")], .newRequest, hint: "new request",
                   help: "new support request: company name, logo and target URL per location"),
        KeyBinding([.character("r")], .refresh, hint: "refresh", help: "apply the requests Microsoft has completed by now"),
    ])

    private let session: DashboardSession
    private var requests = TableView<ChangeRequestID>(columns: [
        TableColumn("Submitted", .fixed(10)),
        TableColumn("Status", .fixed(9)),
        TableColumn("Expected by", .fixed(11)),
        TableColumn("Completed", .fixed(10), hiddenBelow: 72),
        TableColumn("Locations", .flexible(min: 12)),
    ], emptyText: "No support requests yet.")
    private var notice: (text: String, isRefusal: Bool)?

    public init(session: DashboardSession) {
        self.session = session
        reload()
    }

    public var title: String { "Provider listing" }
    /// Account settings stays lit in the menu when the `:` palette opens this page directly.
    public var menuItemID: String? { DashboardPage.accountSettings.rawValue }
    public var keyHints: [KeyHint] { requests.keyHints + Self.keymap.hints }

    /// A request filed on the next page, or completed here, shows at once.
    public func modelDidChange() { reload() }

    private func reload() {
        guard let account = session.account else { return }
        let mine = session.model.changeRequests.values.filter { $0.accountId == account.id }
            .sorted { ($0.submittedAt, $0.id) > ($1.submittedAt, $1.id) }
        requests.setRows(mine.map(\.id))
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if requests.handle(key) { return .handled }
        switch Self.keymap.action(for: key) {
        case .newRequest:
            notice = nil
            return .push(SupportRequestScreen(session: session) { [weak self] id, message in
                self?.reload()
                self?.requests.select(id)
                self?.notice = (message, false)
            })
        case .refresh:
            refresh()
            return .handled
        case nil:
            return nil
        }
    }

    private func refresh() {
        do {
            try session.execute(.completeDueProfileChangeRequests)
            reload()
            notice = ("The listing is updated: the requests that were due are completed", false)
        } catch let refusal as DomainError {
            notice = (refusal.message.prefix(1).uppercased() + refusal.message.dropFirst(), true)
        } catch {
            notice = (CommandFailure.message(error, doing: "Not refreshed"), true)
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard let account = session.account else { return }
        var y = area.row
        grid.write("On the indirect providers list", row: y, col: area.col, maxWidth: area.width, style: CellStyle([.bold, .underline]))
        y += 1
        let listing = session.model.listings[account.id] ?? []
        if listing.isEmpty {
            grid.write("Not listed yet: file a support request (n).", row: y, col: area.col + 1, maxWidth: area.width - 1, style: .dim)
            y += 1
        }
        // A few lines, not a table: the locations are few and nothing here is selected.
        let shown = listing.prefix(max(1, (area.height - 8) / 2))
        for location in shown where y < area.bottom {
            let country = location.country + "  "
            let used = grid.write(country, row: y, col: area.col + 1, style: .bold)
            let name = location.companyName + " · " + location.targetURL
            grid.write(name, row: y, col: area.col + 1 + used, maxWidth: area.width - 1 - used)
            y += 1
        }
        if listing.count > shown.count {
            grid.write("+\(listing.count - shown.count) more locations", row: y, col: area.col + 1, style: .dim)
            y += 1
        }
        y += 1
        grid.write("Profile change requests", row: y, col: area.col, maxWidth: area.width, style: CellStyle([.bold, .underline]))
        y += 1
        if let notice {
            y = Paragraph.write(notice.text, into: &grid, area: area, row: y, style: notice.isRefusal ? .warning : .bold)
        }
        let model = session.model
        requests.render(into: &grid, area: Rect(row: y, col: area.col, height: area.bottom - y, width: area.width), focused: true) { [session] id in
            guard let request = model.changeRequests[id] else { return TableRow([]) }
            let done = request.status == .completed
            let places = request.locations.map { "\($0.country): \($0.companyName)" }.joined(separator: "; ")
            return TableRow([session.day(request.submittedAt), done ? "Completed" : "Submitted",
                             done ? "—" : session.day(request.expectedBy),
                             request.completedAt.map(session.day) ?? "—", places],
                            style: done ? .plain : .bold)
        }
    }
}
