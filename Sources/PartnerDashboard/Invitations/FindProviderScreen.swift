import PartnerCore
import TerminalKit

/// Find a provider (reseller): the official list of indirect providers, each listed
/// location with its website, to find a provider to contact (docs/WORKFLOWS.md R14,
/// "Connect with an indirect provider"). Enter opens the website; the provider then
/// sends the partnership request this reseller authorizes on Indirect providers.
@MainActor
public final class FindProviderScreen: Screen {
    enum Action: Hashable, Sendable { case openWebsite }

    static let keymap = Keymap<Action>("Find a provider", [
        KeyBinding([.enter], .openWebsite, hint: "website", help: "open the provider's website"),
    ])

    private let session: DashboardSession
    private let entries: [ProviderDirectoryEntry]
    private var list = FilteredTable<Int>(columns: [
        TableColumn("Country", .fixed(7)),
        // The website is what a reseller acts on: it gets the larger share.
        TableColumn("Provider", .flexible(min: 18)),
        TableColumn("Website", .flexible(min: 22)),
        TableColumn("", .fixed(13), hiddenBelow: 70),
    ], emptyText: "No provider is listed yet.")

    public init(session: DashboardSession) {
        self.session = session
        entries = session.model.providerDirectory()
        list.setRows(Array(entries.indices)) { [entries] index in
            "\(entries[index].country) \(entries[index].companyName) \(entries[index].targetURL)"
        }
    }

    public var title: String { "Find a provider" }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    private var selected: ProviderDirectoryEntry? { list.selectedID.map { entries[$0] } }

    private var available: Keymap<Action> {
        Self.keymap.only { _ in !list.isTyping && selected != nil }
    }

    public var keyHints: [KeyHint] { list.keyHints + available.hints }

    public func render(into grid: inout CellGrid, area: Rect) {
        let (intro, rest) = area.splitTop(2)
        Paragraph.write("The official list of indirect providers. Contact one to discuss its reseller program; "
                        + "it then sends you a partnership request.", into: &grid, area: intro, row: intro.row, style: .dim)
        let reseller = session.account?.id
        let model = session.model
        list.render(into: &grid, area: rest, focused: true) { [entries] index in
            let entry = entries[index]
            let yours = reseller.flatMap { model.activePartnership(provider: entry.providerId, reseller: $0) } != nil
            return TableRow([entry.country, entry.companyName, entry.targetURL, yours ? "your provider" : ""])
        }
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if list.handle(key) { return ScreenAction.handled }
        switch available.action(for: key) {
        case .openWebsite:
            guard let entry = selected else { return nil }
            switch session.opener.open(entry.targetURL) {
            case .opened(let program): return .message("Opened \(entry.targetURL) with \(program)")
            case .noProgram: return .message("No browser found ($BROWSER, xdg-open): the website is \(entry.targetURL)")
            case .failed(let reason): return .message("The browser did not start: \(reason)")
            }
        case nil:
            return nil
        }
    }
}
