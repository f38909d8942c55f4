import PartnerCore
import TerminalKit

/// Provider listing › New support request: the company name, logo and target
/// URL for each location of the listing (`.submitProfileChangeRequest`).
/// Starts from the current listing so a change is an edit, not a retype.
@MainActor
public final class SupportRequestScreen: Screen {
    /// A location's field (the listing location table's, by the location's index) or a button.
    enum Row: FieldRow {
        case location(Int, ListingLocationField)
        case submit, add, remove

        init?(_ field: FieldRef) {
            guard case .listingLocation(let index, let field) = field else { return nil }
            self = .location(index, field)
        }
    }

    private let session: DashboardSession
    private let onFiled: @MainActor (ChangeRequestID, String) -> Void
    private var locations: [ListingLocation]
    private let original: [ListingLocation]
    private var form: Form<Row>
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

    private static func makeForm(_ locations: [ListingLocation]) -> Form<Row> {
        var fields: [Form<Row>.Field] = []
        for (i, location) in locations.enumerated() {
            for field in ListingLocationField.allCases {
                // The location's number leads its first row; the others are indented under it.
                let label = (field == .country ? "\(i + 1). " : "   ") + field.label
                fields.append(.text(.location(i, field), field.spec, location[field], label: label))
            }
        }
        var buttons = [Button(Row.submit, "Submit request"), Button(.add, "Add location")]
        if locations.count > 1 { buttons.append(Button(.remove, "Remove last location")) }
        return Form(fields: fields, buttons: buttons)
    }

    public var title: String { "New support request" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { locations != original }
    public var keyHints: [KeyHint] { form.keyHints }

    /// The location table's check of the value as the request will carry it.
    private func problem(_ row: Row, _ text: String) -> String? {
        guard case .location(let i, let field) = row, locations.indices.contains(i) else { return nil }
        return field.problem(locations[i][field])
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored: return nil
        case .edited: keep()
        case .left(let id):
            keep()
            form.checkOnLeave(id, problem)
        case .pressed(.submit): return submit()
        case .pressed(.add): rebuild(locations + [Self.blank], focus: .location(locations.count, .country))
        case .pressed(.remove): rebuild(Array(locations.dropLast()), focus: .add)
        case .pressed, .handled: break
        }
        return .handled
    }

    /// Reads the fields back into the locations, trimmed as the request will carry them.
    private func keep() {
        let t = { (i: Int, field: ListingLocationField) in trimmed(self.form.text(.location(i, field))) }
        locations = locations.indices.map { i in
            ListingLocation(country: t(i, .country).uppercased(), companyName: t(i, .companyName),
                            logoURL: t(i, .logoURL), targetURL: t(i, .targetURL))
        }
    }

    private func rebuild(_ newLocations: [ListingLocation], focus: Row) {
        locations = newLocations
        form = Self.makeForm(newLocations)
        form.focus(on: focus)
    }

    private func submit() -> ScreenAction {
        keep()
        guard form.checkAll(problem) else { return .handled }
        let outcome = session.submit(.submitProfileChangeRequest(locations), doing: "Not filed", placing: &form)
        guard let receipt = outcome.receipt(notice: &notice)
        else { return .handled }
        if let id = receipt.createdId { onFiled(id, receipt.message) }
        return .pop
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        FormPage.render("Include the company name, logo and target URL for each location. Microsoft updates your profile within two to three weeks.",
                        notice: notice, form: &form, into: &grid, area: area)
    }
}
