import PartnerCore
import TerminalKit

/// Subscription detail › At renewal: the licenses or the offer (same product family) the
/// next term starts with, or clearing what is scheduled (rule 11).
@MainActor
public final class ScheduleRenewalScreen: Screen {
    typealias Row = SubscriptionFormRow

    private let session: DashboardSession
    private let subscriptionId: SubscriptionID
    /// The offers the renewal may take: the current one first, then its family's.
    private let offers: [Offer]
    private var form: Form<Row>
    private var notice: String?

    init(session: DashboardSession, subscription: Subscription, offers: [Offer]) {
        self.session = session
        self.subscriptionId = subscription.id
        self.offers = offers
        let next = subscription.scheduledNextTerm
        let offerIndex = next?.offerId.flatMap { id in offers.firstIndex { $0.id == id } } ?? 0
        var buttons = [Button(Row.schedule, "Schedule")]
        if next != nil { buttons.append(Button(.clear, "Clear what is scheduled")) }
        var form = Form(fields: [
            .init(.field(.nextTermOffer), .choice(ChoiceField(label: SubscriptionField.nextTermOffer.label,
                                                              options: offers.map(\.name), selectedIndex: offerIndex))),
            .text(.field(.nextTermQuantity), SubscriptionField.nextTermQuantity.spec, String(next?.quantity ?? subscription.quantity)),
        ], buttons: buttons)
        form.labelColumnLimit = 22
        self.form = form
    }

    public var title: String { "At renewal" }
    public var inputMode: InputMode { form.isEditingText ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form.isDirty }
    public var keyHints: [KeyHint] { form.keyHints }

    public func render(into grid: inout CellGrid, area: Rect) {
        let subscription = session.model.subscriptions[subscriptionId]
        let day = subscription.map { session.day($0.commitmentEndDate) } ?? ""
        FormPage.render("What \(subscription?.friendlyName ?? "the subscription") renews with on \(day). "
                        + "A change made before then (licenses, upgrade) or turning auto-renew off clears it.",
                        notice: notice, form: &form, into: &grid, area: area)
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        let instructions: NextTermInstructions?
        switch form.handle(key) {
        case .ignored: return nil
        case .pressed(.schedule):
            let quantity = trimmed(form.text(.field(.nextTermQuantity)))
            if let problem = SubscriptionField.nextTermQuantity.problem(quantity) {
                form.setMessage(problem, for: .field(.nextTermQuantity))
                form.focus(on: .field(.nextTermQuantity))
                return .message("Fix the field marked ! to schedule")
            }
            instructions = NextTermInstructions(offerId: offers[form.choice(.field(.nextTermOffer)) ?? 0].id, quantity: Int(quantity))
        case .pressed(.clear):
            instructions = nil
        default:
            return .handled
        }
        let outcome = session.submit(.scheduleNextTerm(subscriptionId, instructions), doing: "Not scheduled", placing: &form)
        guard let receipt = outcome.receipt(notice: &notice) else { return .handled }
        return .popWithMessage(receipt.message)
    }
}
