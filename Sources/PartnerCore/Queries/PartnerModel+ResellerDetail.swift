import Foundation

/// Everything a provider's reseller page shows about one reseller, limited to what the
/// two share (rule 6): the partnership, who may act for the reseller, the customers both
/// are resellers of record for, and the invitations between them.
public struct ResellerDetail: Equatable, Sendable {
    /// The reseller's row of Indirect resellers: state, since when, pending request.
    public var overview: ResellerOverview
    /// The provider's users who may act for the reseller now: admin agents (rule 9), and
    /// only while the partnership is active (rule 2). Empty otherwise.
    public var actingUsers: [User]
    /// The customers the two share, in the Customers page's order.
    public var customers: [Customer]
    /// Partnership requests the provider sent the reseller, and the reseller's customer
    /// invitations that name the provider; newest first.
    public var invitations: [Invitation]

    public var reseller: PartnerAccount { overview.reseller }
}

extension PartnerModel {
    /// The reseller page for `provider`, or nil when Indirect resellers does not list the
    /// reseller (an account that is no reseller, or one the provider may not deal with).
    public func resellerDetail(_ reseller: AccountID, for provider: AccountID, at now: Date) -> ResellerDetail? {
        guard let overview = resellerOverview(of: reseller, for: provider, at: now) else { return nil }
        let acting = overview.state == .active ? users(of: provider).filter(\.isAdminAgent) : []
        let between = invitations(involving: provider).filter { invitation in
            switch invitation.kind {
            case .partnership: return invitation.fromAccountId == provider && invitation.toAccountId == reseller
            case .indirectResellerRelationship: return invitation.fromAccountId == reseller && invitation.providerId == provider
            case .resellerRelationship: return false
            }
        }
        return ResellerDetail(overview: overview, actingUsers: acting,
                              customers: customerList(visibleTo: provider, sharedWith: reseller), invitations: between)
    }
}
