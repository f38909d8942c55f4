import PartnerCore
import TerminalKit

/// Subscription detail: licenses within the offer's range (rule 8), suspend or
/// reactivate, auto-renew, and, for the provider, the partner of record and the
/// **Designated support contact**, both among its active resellers (rule 2;
/// docs/WORKFLOWS.md P18, P20–P21 and R24). Submit sends
/// only what changed. A reseller may suspend, reactivate and reduce; what only
/// the provider may set is shown, not offered. The page's actions (rule 11: cancel,
/// licenses, upgrade, auto-renew, a change at renewal) are letters and an action row.
@MainActor
public final class SubscriptionDetailScreen: Screen {
    enum Action: Hashable, Sendable { case cancel, licenses, upgrade, autoRenew, schedule }

    static let keymap = Keymap<Action>("Subscription", [
        KeyBinding([.character("c")], .cancel, hint: "cancel", help: "Cancel"),
        KeyBinding([.character("l")], .licenses, hint: "licenses", help: "Licenses"),
        KeyBinding([.character("u")], .upgrade, hint: "upgrade", help: "Upgrade…"),
        KeyBinding([.character("a")], .autoRenew, hint: "auto-renew", help: "Auto-renew on/off"),
        KeyBinding([.character("s")], .schedule, hint: "at renewal", help: "At renewal…"),
    ])

    /// The subscription table's fields (PartnerCore `SubscriptionField`), then Submit.
    enum Field: FieldRow {
        case field(SubscriptionField)
        case submit

        init?(_ field: FieldRef) {
            guard case .subscription(let field) = field else { return nil }
            self = .field(field)
        }

        static let friendlyName = Field.field(.friendlyName), quantity = Field.field(.quantity), status = Field.field(.status)
        static let autoRenew = Field.field(.autoRenew), partnerOfRecord = Field.field(.partnerOfRecord)
        static let supportContact = Field.field(.supportContact)
    }

    private static let statuses: [Subscription.Status] = [.active, .suspended]

    private let session: DashboardSession
    private let subscriptionId: SubscriptionID
    /// The subscription as last read; changes are measured against it.
    private var original: Subscription?
    private(set) var form: Form<Field>?
    private var partnerOptions: [AccountID?] = []
    private var supportOptions: [AccountID?] = []
    /// Why the last Submit did not go through, or why nothing can change here.
    private var notice: String?

    public init(session: DashboardSession, subscription: SubscriptionID) {
        self.session = session
        self.subscriptionId = subscription
        load()
    }

    public var title: String { "Subscription detail" }
    public var pageNote: String? { original.map { "id " + $0.id.short } }
    public var inputMode: InputMode { form?.isEditingText == true ? .text : .navigation }
    public var hasUnsavedChanges: Bool { form?.isDirty ?? false }
    public var keyHints: [KeyHint] { (form?.keyHints ?? []) + (form?.isEditingText == true ? [] : available.hints) }

    /// The page's actions for this subscription: a running term, and an upgrade only for
    /// the provider of an offer that has a higher one. The action row shows them all.
    private func offered(_ action: Action) -> Bool {
        form != nil && (action != .upgrade || (isProvider && !upgrades.isEmpty))
    }

    /// The actions the keys do now: letters type while a text field has focus.
    private var available: Keymap<Action> {
        Self.keymap.only { offered($0) && form?.isEditingText != true }
    }

    private var upgrades: [Offer] { offer.map { session.catalog.upgrades(from: $0) } ?? [] }

    private var isProvider: Bool { session.account?.kind == .indirectProvider }

    private var customer: Customer? {
        guard let account = session.account, let subscription = original else { return nil }
        return session.model.customer(subscription.customerId, visibleTo: account.id)
    }

    private var offer: Offer? { original.flatMap { session.catalog[$0.offerId] } }

    /// The licenses this user may set, as the model says (a reseller may only reduce).
    private var allowedQuantities: ClosedRange<Int>? {
        guard let offer, let original, let account = session.account else { return nil }
        return session.model.allowedQuantities(for: original, offer: offer, by: account, at: session.now)
    }

    // MARK: State from the model

    private func load() {
        form = nil
        notice = nil
        guard let account = session.account, let subscription = session.model.subscriptions[subscriptionId],
              session.model.customer(subscription.customerId, visibleTo: account.id) != nil else {
            original = nil
            notice = "This subscription is not among your customers'."
            return
        }
        original = subscription
        guard subscription.status == .active || subscription.status == .suspended else {
            notice = "This subscription is \(subscription.status.rawValue) and can no longer change."
            return
        }
        let range = allowedQuantities.map { "  (\($0.lowerBound)–\($0.upperBound))" } ?? ""
        var fields: [Form<Field>.Field] = [
            .text(.friendlyName, SubscriptionField.friendlyName.spec, subscription.friendlyName),
            .text(.quantity, SubscriptionField.quantity.spec, String(subscription.quantity), suffix: range),
            .init(.status, .choice(ChoiceField(label: SubscriptionField.status.label, options: Self.statuses.map { $0 == .active ? "Active" : "Suspended" },
                                               selectedIndex: Self.statuses.firstIndex(of: subscription.status) ?? 0))),
            .init(.autoRenew, .checkbox(Checkbox(label: SubscriptionField.autoRenew.label, isChecked: subscription.autoRenewEnabled))),
        ]
        if isProvider {
            let resellers = session.model.resellersActingFor(customer: subscription.customerId, provider: account.id)
            let partner = subscription.partnerId.flatMap { session.model.account(mpnId: $0)?.id }
            let (partnerField, partnerIDs) = choice(SubscriptionField.partnerOfRecord.label, resellers: resellers, current: partner)
            let (supportField, supportIDs) = choice(SubscriptionField.supportContact.label, resellers: resellers,
                                                    current: subscription.supportContact?.supportTenantId)
            fields.append(.init(.partnerOfRecord, .choice(partnerField)))
            fields.append(.init(.supportContact, .choice(supportField)))
            partnerOptions = partnerIDs
            supportOptions = supportIDs
        }
        var form = Form(fields: fields, buttons: [Button(.submit, "Submit")])
        form.labelColumnLimit = 26
        self.form = form
    }

    /// The resellers that can act for the customer (rule 2) and None; a current value
    /// outside them stays listed, marked, so leaving it alone changes nothing.
    private func choice(_ label: String, resellers: [PartnerAccount], current: AccountID?) -> (ChoiceField, [AccountID?]) {
        var ids: [AccountID?] = resellers.map(\.id)
        var names = resellers.map(\.legalName)
        if let current, !ids.contains(current) {
            ids.append(current)
            names.append(session.model.partnerName(current) + " (partnership ended)")
        }
        ids.append(nil)
        names.append("None")
        // Typing narrows by the Customers filter's rule: a provider may have 200 resellers.
        return (ChoiceField(label: label, options: names, selectedIndex: ids.firstIndex(of: current) ?? ids.count - 1,
                            narrowing: ChoiceField.Narrowing { NameSearch.matches($0, $1) }), ids)
    }

    // MARK: Changes made elsewhere

    /// Another page or process changed the model. A subscription nobody is editing here is
    /// simply shown again as it now is; one with edits keeps them (and `original`, so
    /// Submit still sends only what was edited here, never the old values of the rest),
    /// and the page says what changed under it. One that is no longer this account's to
    /// see says so and offers nothing to change.
    public func modelDidChange() {
        guard let before = original else { return }
        let now = session.model.subscriptions[subscriptionId]
        guard now != before else { return }
        guard let account = session.account, let now,
              session.model.customer(now.customerId, visibleTo: account.id) != nil else {
            load()
            notice = "Changed elsewhere: this subscription is no longer among your customers'. Nothing here can be saved."
            return
        }
        let what = Self.differences(from: before, to: now, model: session.model)
        let summary = what.isEmpty ? "" : ": " + what.joined(separator: ", ")
        if hasUnsavedChanges {
            notice = "Changed elsewhere since you opened it\(summary). Your edits are kept; Submit sends only them."
        } else {
            let focused = form?.focusedID
            load()
            if let focused { form?.focus(on: focused) }
            notice = "Changed elsewhere\(summary). Shown as it is now."
        }
    }

    /// What differs between two states of one subscription, in the page's words.
    static func differences(from old: Subscription, to new: Subscription, model: PartnerModel) -> [String] {
        var what: [String] = []
        if old.quantity != new.quantity { what.append("licenses \(old.quantity) → \(new.quantity)") }
        if old.status != new.status { what.append("status \(old.status.rawValue) → \(new.status.rawValue)") }
        if old.friendlyName != new.friendlyName { what.append("name → \(new.friendlyName)") }
        if old.autoRenewEnabled != new.autoRenewEnabled { what.append("auto-renew \(new.autoRenewEnabled ? "on" : "off")") }
        if old.partnerId != new.partnerId {
            what.append("partner of record → " + (new.partnerId.map { model.account(mpnId: $0)?.legalName ?? $0 } ?? "None"))
        }
        if old.supportContact != new.supportContact { what.append("support contact → " + (new.supportContact?.name ?? "None")) }
        return what
    }

    // MARK: Drawing

    public func render(into grid: inout CellGrid, area: Rect) {
        let factArea = area.inset(left: 2)
        // Where there is room the facts line up with the form's controls.
        let labelWidth = factArea.width >= 70 ? 28 : 18
        var y = area.row
        func fact(_ label: String, _ value: String, style: CellStyle = .bold) {
            for row in FactRows.rows(label, value, labelWidth: labelWidth, width: factArea.width) where y < area.bottom {
                FactRows.render(row, into: &grid, at: Rect(row: y, col: factArea.col, height: 1, width: factArea.width),
                                labelWidth: labelWidth, style: style)
                y += 1
            }
        }
        if let customer {
            fact("Customer", customer.name)
            fact("Domain", customer.companyProfile.domain, style: .plain)
        }
        if let original {
            if let offer {
                fact("Offer", offer.name)
                fact("Term", "\(offer.termDuration.label) · billed \(offer.billingCycle.adverb) · \(Money.format(offer.unitPrice)) per license",
                     style: .plain)
            } else {
                fact("Offer", original.offerId)
            }
            fact("Commitment ends", session.day(original.commitmentEndDate) + (original.isLive ? " · " + termEnd(original) : ""), style: .plain)
            if original.isLive {
                fact("Cancellable until", windowFact(original), style: .plain)
            }
            if form == nil || !isProvider {
                let partner = original.partnerId.map { mpn in session.model.account(mpnId: mpn).map { "\($0.legalName) (\(mpn))" } ?? mpn }
                fact("Partner of record", partner ?? "None", style: .plain)
                fact("Designated support contact", original.supportContact?.name ?? "None", style: .plain)
            }
            if form == nil {
                fact("Licenses", String(original.quantity), style: .plain)
                fact("Status", original.status.rawValue.capitalized, style: .plain)
            } else if !isProvider {
                for text in TextWrap.lines("Your indirect provider sets the partner of record and the support contact.",
                                           width: factArea.width) where y < area.bottom {
                    grid.write(text, row: y, col: factArea.col, maxWidth: factArea.width, style: .dim)
                    y += 1
                }
            }
        }
        y += 1
        let problemLines = notice.map { TextWrap.lines($0, width: area.width, prefix: "! ") } ?? []
        let actions = Self.keymap.only(offered).hints
        let actionRows = Self.rows(for: actions, width: area.width)
        let formArea = Rect(row: y, col: area.col, height: area.bottom - y - problemLines.count - (problemLines.isEmpty ? 0 : 1) - actionRows,
                            width: area.width)
        form?.render(into: &grid, area: formArea)
        ActionBar.render(actions, into: &grid, area: Rect(row: formArea.bottom, col: area.col, height: actionRows, width: area.width))
        for (i, text) in problemLines.enumerated() {
            grid.write(text, row: area.bottom - problemLines.count + i, col: area.col, maxWidth: area.width, style: .warning)
        }
    }

    // MARK: Keys

    public func handle(key: KeyEvent) -> ScreenAction? {
        guard var form else { return nil }
        let outcome = form.handle(key)
        self.form = form
        switch outcome {
        case .ignored:
            return available.action(for: key).map(perform)
        case .edited(let field):
            // A message stays until the value is right again, and goes as soon as it is.
            if form.control(field)?.message != nil, problem(field) == nil { self.form?.setMessage(nil, for: field) }
            return .handled
        case .left(let field):
            let message = problem(field)
            self.form?.setMessage(message, for: field)
            return .handled
        case .pressed(.submit):
            return submit()
        case .pressed, .handled:
            return .handled
        }
    }

    /// The table's check of a text field, then for the licenses the refusal the model
    /// would make (the offer's range, and a reseller only reducing).
    private func problem(_ field: Field) -> String? {
        guard let form, case .field(let subscriptionField) = field, case .text? = form.control(field) else { return nil }
        let value = trimmed(form.text(field))
        if let problem = subscriptionField.problem(value) { return problem }
        guard field == .quantity, let n = Int(value), let original, let offer, let account = session.account else { return nil }
        return session.model.quantityChangeRefusal(original, to: n, offer: offer, by: account, at: session.now)?.message
    }

    /// The change Submit sends: only what differs from the subscription.
    private var change: SubscriptionChange? {
        guard let form, let original else { return nil }
        var change = SubscriptionChange()
        let name = form.text(.friendlyName).trimmingCharacters(in: .whitespaces)
        if name != original.friendlyName { change.friendlyName = name }
        if let n = Int(form.text(.quantity).trimmingCharacters(in: .whitespaces)), n != original.quantity { change.quantity = n }
        let status = Self.statuses[form.choice(.status) ?? 0]
        if status != original.status { change.status = status }
        if form.isChecked(.autoRenew) != original.autoRenewEnabled { change.autoRenewEnabled = form.isChecked(.autoRenew) }
        if isProvider {
            let partner = form.choice(.partnerOfRecord).map { partnerOptions[$0] } ?? nil
            let current = original.partnerId.flatMap { session.model.account(mpnId: $0)?.id }
            if partner != current { change.partnerOfRecord = .some(partner) }
            let support = form.choice(.supportContact).map { supportOptions[$0] } ?? nil
            if support != original.supportContact?.supportTenantId { change.supportContact = .some(support) }
        }
        return change
    }

    // MARK: Actions (rule 11)

    /// The lines the action row takes at `width` (it wraps, as `ActionBar` does).
    private static func rows(for hints: [KeyHint], width: Int) -> Int {
        guard !hints.isEmpty else { return 0 }
        let total = hints.map { DisplayText.width(of: $0.label + " " + $0.help) }.reduce(0, +) + ActionBar.gap * (hints.count - 1)
        return total > width ? 2 : 1
    }

    /// What the term's end will do, beside the date.
    private func termEnd(_ subscription: Subscription) -> String {
        subscription.autoRenewEnabled ? "renews" + (subscription.scheduledNextTerm.map { " with \(describe($0))" } ?? "")
            : "expires (auto-renew off)"
    }

    private func describe(_ next: NextTermInstructions) -> String {
        [next.offerId.map { session.catalog[$0]?.name ?? $0 }, next.quantity.map { "\($0) licenses" }]
            .compactMap { $0 }.joined(separator: ", ")
    }

    private func windowFact(_ subscription: Subscription) -> String {
        let end = session.minute(subscription.cancellationWindowEnd)
        return end + (subscription.isInCancellationWindow(at: session.now) ? "  (cancel or lower licenses until then)" : "  (closed)")
    }

    private func perform(_ action: Action) -> ScreenAction {
        guard let original else { return .handled }
        switch action {
        case .cancel:
            // The rule and the time the window closed are too long for the status line.
            if let refusal = PartnerModel.cancellationRefusal(original, at: session.now) {
                notice = "Not cancelled: \(refusal.message) [rule 11]"
                return .handled
            }
            return .confirm(title: "Cancel \(original.friendlyName)?",
                            message: ["Its status becomes deleted and it cannot be restored. "
                                      + PartnerModel.refundNote(original, at: session.now)],
                            choices: ConfirmChoices(keep: "Keep it", proceed: "Cancel subscription")) { [weak self] in
                self?.run(.cancelSubscription(original.id), doing: "Not cancelled", noting: true) ?? .handled
            }
        case .licenses:
            form?.focus(on: .quantity)
            return .handled
        case .upgrade:
            return .push(UpgradeScreen(session: session, subscription: original.id, upgrades: upgrades))
        case .autoRenew:
            guard !hasUnsavedChanges else { return .message("Submit or undo your edits first") }
            return run(.updateSubscription(original.id, SubscriptionChange(autoRenewEnabled: !original.autoRenewEnabled)),
                       doing: "Auto-renew not changed")
        case .schedule:
            guard let offer else { return .message("\(original.offerId) left the catalog") }
            // The current offer first: leaving the choice alone schedules no other offer.
            let offers = [offer] + (isProvider ? session.catalog.family(of: offer).filter { $0.id != offer.id } : [])
            return .push(ScheduleRenewalScreen(session: session, subscription: original, offers: offers))
        }
    }

    /// Runs an action's command and shows the subscription as it now is; `noting` keeps
    /// the receipt on the page too (a cancellation's refund note outgrows the status line).
    private func run(_ command: Command, doing what: String, noting: Bool = false) -> ScreenAction {
        notice = nil
        do {
            let receipt = try session.execute(command)
            load()
            if noting { notice = receipt.message }
            return .message(receipt.message)
        } catch let refusal as DomainError {
            return .message("\(what): \(refusal.message)" + (refusal.rule.map { " [rule \($0)]" } ?? ""))
        } catch {
            return .message(CommandFailure.message(error, doing: what))
        }
    }

    private func submit() -> ScreenAction {
        notice = nil
        for field in [Field.friendlyName, .quantity] {
            guard let message = problem(field) else { continue }
            form?.setMessage(message, for: field)
            form?.focus(on: field)
            return .message("Fix the field marked ! to submit")
        }
        guard let change, change != SubscriptionChange() else { return .message("Nothing changed") }
        guard var form else { return .handled }
        let outcome = session.submit(.updateSubscription(subscriptionId, change), doing: "Not saved", placing: &form)
        let receipt = outcome.receipt(notice: &notice)
        self.form = form
        guard let receipt else { return .handled }
        let focused = form.focusedID
        load()
        self.form?.focus(on: focused)
        return .message(receipt.message)
    }
}
