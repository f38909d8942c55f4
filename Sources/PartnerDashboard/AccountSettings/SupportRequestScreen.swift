import PartnerCore
import TerminalKit

/// Provider listing › New support request: the company name, logo and target
/// URL for each location of the listing (`.submitProfileChangeRequest`).
/// Starts from the current listing so a change is an edit, not a retype.
@MainActor
public final class SupportRequestScreen: Screen {
    private let session: DashboardSession
    private let onFiled: @MainActor (ChangeRequestID, String) -> Void
    private var locations: [ListingLocation]
    private let original: [ListingLocation]
    private var form: Form<String>
    private var notice: String?

    public init(session: DashboardSession, onFiled: @escaping @MainActor (ChangeRequestID, String) -> Void = { _, _ in }) {
        self.session = session
        self.onFiled = onFiled
        let current = session.account.flatMap { session.model.listings[$0.id] } ?? []
        original = current.isEmpty ? [Self.blank] : current
        locations = original
        form = Self.makeForm(original)
    }

    static let blank = ListingLocation(country: "", companyName: "", logoURL: "", targetURL: "")

    /// Field ids are the domain's (`locations[0].country`), so a refusal lands on its field.
    static func id(_ i: Int, _ part: String) -> String { "locations[\(i)].\(part)" }

    private static func makeForm(_ locations: [ListingLocation]) -> Form<String> {
        var fields: [Form<String>.Field] = []
        for (i, l) in locations.enumerated() {
            fields += [
                .init(id(i, "country"), .text(TextField(label: "\(i + 1). Country/region", text: l.country, placeholder: "two letters, e.g. US"))),
                .init(id(i, "companyName"), .text(TextField(label: "   Company name", text: l.companyName))),
                .init(id(i, "logoURL"), .text(TextField(label: "   Logo URL", text: l.logoURL, placeholder: "https://…"))),
                .init(id(i, "targetURL"), .text(TextField(label: "   Target URL", text: l.targetURL, placeholder: "https://…"))),
            ]
        }
        var buttons = [Button("submit", "Submit request"), Button("add", "Add location")]
        if locations.count > 1 { buttons.append(Button("remove", "Remove last location")) }
        return Form(fields: fields, buttons: buttons)
    }

    public var title: String { "New support request" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { locations != original }
    public var keyHints: [KeyHint] { form.keyHints }

    private var rules: FieldRules {
        var rules = FieldRules()
        for i in locations.indices {
            rules[Self.id(i, "country")] = AccountRules.country
            rules[Self.id(i, "companyName")] = AccountRules.required
            rules[Self.id(i, "logoURL")] = AccountRules.url
            rules[Self.id(i, "targetURL")] = AccountRules.url
        }
        return rules
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored: return nil
        case .edited: keep()
        case .left(let id):
            keep()
            form.checkOnLeave(id, rules)
        case .pressed("submit"): return submit()
        case .pressed("add"): rebuild(locations + [Self.blank], focus: Self.id(locations.count, "country"))
        case .pressed("remove"): rebuild(Array(locations.dropLast()), focus: "add")
        case .pressed, .handled: break
        }
        return .handled
    }

    /// Reads the fields back into the locations, trimmed as the request will carry them.
    private func keep() {
        let t = { (id: String) in AccountRules.trim(self.form.text(id)) }
        locations = locations.indices.map { i in
            ListingLocation(country: t(Self.id(i, "country")).uppercased(), companyName: t(Self.id(i, "companyName")),
                            logoURL: t(Self.id(i, "logoURL")), targetURL: t(Self.id(i, "targetURL")))
        }
    }

    private func rebuild(_ newLocations: [ListingLocation], focus: String) {
        locations = newLocations
        form = Self.makeForm(newLocations)
        form.focus(on: focus)
    }

    private func submit() -> ScreenAction {
        keep()
        guard form.checkAll(rules) else { return .handled }
        do {
            let receipt = try session.execute(.submitProfileChangeRequest(locations))
            if let id = receipt.createdId { onFiled(id, receipt.message) }
            return .pop
        } catch let refusal as DomainError {
            notice = form.show(refusal) ? nil : "Not filed: \(refusal.message)"
        } catch {
            notice = CommandFailure.message(error, doing: "Not filed")
        }
        return .handled
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        var y = Paragraph.write("Include the company name, logo and target URL for each location. Microsoft updates your profile within two to three weeks.",
                                into: &grid, area: area, row: area.row)
        if let notice { y = Paragraph.write(notice, into: &grid, area: area, row: y, style: .warning) }
        form.render(into: &grid, area: Rect(row: y + 1, col: area.col, height: area.bottom - y - 1, width: area.width))
    }
}
