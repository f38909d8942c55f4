import PartnerCore
import TerminalKit

/// Subscription detail › Upgrade (provider): a higher offer of the same product family,
/// now. The partner of record, the support contact and the licenses stay (rule 11).
@MainActor
public final class UpgradeScreen: Screen {
    typealias Row = SubscriptionFormRow

    private let session: DashboardSession
    private let subscriptionId: SubscriptionID
    private let upgrades: [Offer]
    private var form: Form<Row>
    private var notice: String?

    /// `upgrades` are the catalog's (`OfferCatalog.upgrades(from:)`), at least one.
    init(session: DashboardSession, subscription: SubscriptionID, upgrades: [Offer]) {
        self.session = session
        self.subscriptionId = subscription
        self.upgrades = upgrades
        form = Form(fields: [.init(.field(.offer), .choice(ChoiceField(label: SubscriptionField.offer.label,
                                                                       options: upgrades.map(\.name), selectedIndex: 0)))],
                    buttons: [Button(.upgrade, "Upgrade now")])
    }

    public var title: String { "Upgrade" }
    public var keyHints: [KeyHint] { form.keyHints }

    public func render(into grid: inout CellGrid, area: Rect) {
        let subscription = session.model.subscriptions[subscriptionId]
        let current = subscription.flatMap { session.catalog[$0.offerId]?.name } ?? ""
        FormPage.render("Upgrade \(subscription?.friendlyName ?? "") from \(current) to a higher offer of the same product family. "
                        + "The licenses, the partner of record and the designated support contact stay; "
                        + "what was scheduled for the renewal is cleared.",
                        notice: notice, form: &form, into: &grid, area: area)
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        switch form.handle(key) {
        case .ignored: return nil
        case .pressed(.upgrade):
            let offer = upgrades[form.choice(.field(.offer)) ?? 0]
            let outcome = session.submit(.upgradeSubscription(subscriptionId, offerId: offer.id), doing: "Not upgraded", placing: &form)
            guard let receipt = outcome.receipt(notice: &notice) else { return .handled }
            return .popWithMessage(receipt.message)
        default: return .handled
        }
    }
}
