import Foundation
import PartnerCore
import TerminalKit

/// Invitations: every invitation the signed-in account sent or received, of every kind
/// (partnership requests, reseller relationship requests, "Invite new customers"),
/// newest first, with where each stands. A pending one the account sent can be
/// withdrawn (`w`), so its link stops working; the partnership ones are also on
/// Indirect resellers, the customer ones only here.
@MainActor
public final class InvitationsScreen: Screen {
    enum Action: Hashable, Sendable { case withdraw, export }

    static let keymap = Keymap<Action>("Invitations", [
        KeyBinding([.character("w")], .withdraw, hint: "withdraw", help: "Withdraw the pending invitation you sent"),
        KeyBinding([.character("e")], .export, hint: "export", help: "Export the invitations listed as CSV to the workspace's exports/"),
    ])

    private let session: DashboardSession
    private var invitations: [InvitationID: Invitation] = [:]
    private var list = FilteredTable<InvitationID>(columns: [
        TableColumn("Sent", .fixed(10), hiddenBelow: 70),
        TableColumn("Invitation", .fixed(21)),
        TableColumn("From", .flexible(min: 12), hiddenBelow: 70),
        TableColumn("To", .flexible(min: 16)),
        TableColumn("Status", .fixed(9)),
    ], emptyText: "No invitations yet.")

    public init(session: DashboardSession) {
        self.session = session
        reload()
    }

    public var title: String { DashboardPage.invitations.title }
    public var menuItemID: String? { DashboardPage.invitations.rawValue }
    public var inputMode: InputMode { list.isTyping ? .text : .navigation }
    public var pageNote: String? { list.note }

    private var me: AccountID? { session.account?.id }
    private var selected: Invitation? { list.selectedID.flatMap { invitations[$0] } }

    private var available: Keymap<Action> {
        Self.keymap.only { action in
            guard !list.isTyping, let invitation = selected else { return false }
            return action == .export || invitation.fromAccountId == me && invitation.effectiveStatus(at: session.now) == .pending
        }
    }

    public var keyHints: [KeyHint] { list.keyHints + available.hints }

    public func modelDidChange() { reload() }

    /// Rule 6: only invitations the account sent, received or is named in as provider.
    private func reload() {
        guard let me else { return }
        let all = session.model.invitations(involving: me)
        invitations = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        let model = session.model
        list.setRows(all.map(\.id)) { [invitations] id in
            guard let invitation = invitations[id] else { return "" }
            return "\(Self.name(of: invitation.kind)) \(model.partnerName(invitation.fromAccountId)) \(invitation.email)"
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let (tableArea, actionsArea) = area.splitBottom(2)
        let now = session.now
        list.render(into: &grid, area: tableArea, focused: true) { [invitations, session] id in
            guard let invitation = invitations[id] else { return TableRow([]) }
            let status = invitation.effectiveStatus(at: now)
            return TableRow([session.day(invitation.createdAt), Self.name(of: invitation.kind),
                             session.model.partnerName(invitation.fromAccountId), invitation.email,
                             status.rawValue.capitalized],
                            style: status == .pending ? .plain : .dim)
        }
        ActionBar.render(available.hints, into: &grid, area: actionsArea)
    }

    public func handle(key: KeyEvent) -> ScreenAction? {
        if list.handle(key) { return ScreenAction.handled }
        switch available.action(for: key) {
        case .withdraw:
            guard let invitation = selected else { return nil }
            return session.confirmWithdrawal(of: invitation.id, sentTo: invitation.email)
        case .export:
            // The rows listed (`/` narrows them), as `partnerdash export invitations` writes them.
            let listed = list.table.ids.compactMap { invitations[$0] }
            return .message(session.exportList(session.model.exportInvitations(listed, now: session.now),
                                               noun: "invitation", stem: "invitations"))
        case nil:
            return Self.keymap.unavailable(key, in: available) { [self] _ in whyNoWithdrawal }
        }
    }

    /// `w` on an invitation it does not apply to: one received, or no longer pending (rule 7).
    private var whyNoWithdrawal: String {
        guard let invitation = selected else { return "No invitation is selected" }
        guard invitation.fromAccountId == me else {
            return "You received this invitation: only \(session.model.partnerName(invitation.fromAccountId)), who sent it, withdraws it"
        }
        return CommandFailure.whyNot(session.model.withdrawalRefusal(invitation, at: session.now), doing: "Not withdrawn")
    }

    /// What the Partner Dashboard calls each kind where it is sent.
    static func name(of kind: Invitation.Kind) -> String {
        switch kind {
        case .partnership: return "Partnership request"
        case .resellerRelationship: return "Reseller relationship"
        case .indirectResellerRelationship: return "Invite new customers"
        }
    }
}
