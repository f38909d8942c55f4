import Foundation

/// What to export, with the filters of the page or the command that asks: the dashboard's
/// `e` and `partnerdash export` build the same request for the same filters, so they write
/// the same rows.
public enum ExportRequest: Equatable, Sendable {
    /// The Customers page: visible to `account` (rule 6), shared with a reseller, matching text.
    case customers(visibleTo: AccountID, sharedWith: AccountID? = nil, matching: String = "")
    /// Subscriptions of the customers `account` sees (shared with a reseller, or one
    /// customer), or only those whose term ends within 30 days.
    case subscriptions(visibleTo: AccountID, sharedWith: AccountID? = nil, customer: CustomerID? = nil, endingSoon: Bool = false)
    /// Orders of the customers `account` sees, or of one customer.
    case orders(visibleTo: AccountID, customer: CustomerID? = nil)
    /// The invitations `account` sent or received, or only those in one state.
    case invitations(involving: AccountID, status: Invitation.Status? = nil)
    /// A provider's Indirect resellers page.
    case indirectResellers(provider: AccountID)
    /// A reseller's Indirect providers page.
    case indirectProviders(reseller: AccountID)
    /// The Activity log, newest first.
    case activityLog(visibleTo: AccountID, filter: AuditFilter = AuditFilter())
}

extension PartnerModel {
    /// The rows of an export, in the order the page lists them. `catalog` names the offers;
    /// `now` decides which invitations have expired and which terms end soon. Throws when
    /// the activity log's chunks cannot be read (`AuditChunkSource`).
    public func export(_ request: ExportRequest, catalog: OfferCatalog, now: Date) throws -> ExportTable {
        switch request {
        case .customers(let account, let reseller, let text):
            return exportCustomers(customerList(visibleTo: account, sharedWith: reseller, matching: text))
        case .subscriptions(let account, let reseller, let customer, let endingSoon):
            return exportSubscriptions(subscriptionsListed(visibleTo: account, sharedWith: reseller, customer: customer,
                                                           endingSoon: endingSoon, now: now), catalog: catalog)
        case .orders(let account, let customer):
            let lines = ordersListed(visibleTo: account, customer: customer).flatMap { order in order.lineItems.map { (order, $0) } }
            return Self.table(OrderColumn.self, lines) { Self.exportValue($0.0, $0.1, $1) }
        case .invitations(let account, let status):
            let listed = invitations(involving: account).filter { status == nil || $0.effectiveStatus(at: now) == status }
            return exportInvitations(listed, now: now)
        case .indirectResellers(let provider):
            return Self.exportResellers(resellerOverview(for: provider, at: now))
        case .indirectProviders(let reseller):
            return Self.exportProviders(activeProviders(of: reseller))
        case .activityLog(let account, let filter):
            return Self.exportAuditRecords(try auditRecords(visibleTo: account, filter: filter))
        }
    }

    /// Customers as a page lists them (the Customers page keeps its own search index).
    public func exportCustomers(_ customers: [Customer]) -> ExportTable {
        Self.table(CustomerColumn.self, customers, exportValue)
    }

    // The records as a page lists them: a page's text filter (`/`) narrows what the
    // request would give, so a page exports its rows through these.

    public func exportSubscriptions(_ subscriptions: [Subscription], catalog: OfferCatalog) -> ExportTable {
        Self.table(SubscriptionColumn.self, subscriptions) { exportValue($0, $1, catalog: catalog) }
    }

    public func exportInvitations(_ invitations: [Invitation], now: Date) -> ExportTable {
        Self.table(InvitationColumn.self, invitations) { exportValue($0, $1, now: now) }
    }

    public static func exportResellers(_ rows: [ResellerOverview]) -> ExportTable {
        table(IndirectResellerColumn.self, rows, exportValue)
    }

    public static func exportProviders(_ providers: [PartnerAccount]) -> ExportTable {
        table(IndirectProviderColumn.self, providers, exportValue)
    }

    public static func exportAuditRecords(_ records: [AuditRecord]) -> ExportTable {
        table(AuditRecordColumn.self, records, exportValue)
    }

    private static func table<Column: ExportColumns, Record>(_: Column.Type, _ records: [Record],
                                                             _ value: (Record, Column) -> String) -> ExportTable {
        let columns = Array(Column.allCases)
        return ExportTable(columns: Column.exportColumns, rows: records.map { record in columns.map { value(record, $0) } })
    }

    private func subscriptionsListed(visibleTo account: AccountID, sharedWith reseller: AccountID?, customer: CustomerID?,
                                     endingSoon: Bool, now: Date) -> [Subscription] {
        if endingSoon { return subscriptionsEndingSoon(visibleTo: account, at: now) }
        if let customer {
            return self.customer(customer, visibleTo: account).map { subscriptions(of: $0.id) } ?? []
        }
        return customerList(visibleTo: account, sharedWith: reseller).flatMap { subscriptions(of: $0.id) }
    }

    /// Each listed customer's orders, oldest first.
    private func ordersListed(visibleTo account: AccountID, customer: CustomerID?) -> [Order] {
        let visible = customer.map { self.customer($0, visibleTo: account) == nil ? [] : [$0] } ?? customerIds(visibleTo: account)
        return orders.values.filter { visible.contains($0.customerId) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    // MARK: One value each

    /// The MPN ID of a partner account (never its internal id), empty when none.
    private func mpnId(_ account: AccountID?) -> String {
        account.flatMap { accounts[$0]?.mpnId } ?? ""
    }

    func exportValue(_ c: Customer, _ column: CustomerColumn) -> String {
        let b = c.billingProfile, a = b.defaultAddress
        switch column {
        case .id: return c.id.description
        case .companyName: return c.companyProfile.companyName
        case .domain: return c.companyProfile.domain
        case .firstName: return b.firstName
        case .lastName: return b.lastName
        case .email: return b.email
        case .culture: return b.culture
        case .language: return b.language
        case .addressLine1: return a.line1
        case .addressLine2: return a.line2
        case .city: return a.city
        case .state: return a.state
        case .postalCode: return a.postalCode
        case .country: return a.country
        case .phoneNumber: return b.phone
        case .relationshipToPartner: return CustomerRelationship.Kind.reseller.rawValue
        case .associatedPartnerId: return mpnId(c.associatedPartnerId)
        }
    }

    func exportValue(_ s: Subscription, _ column: SubscriptionColumn, catalog: OfferCatalog) -> String {
        switch column {
        case .id: return s.id.description
        case .customerId: return s.customerId.description
        case .offerId: return s.offerId
        case .offerName: return catalog[s.offerId]?.name ?? ""
        case .friendlyName: return s.friendlyName
        case .quantity: return String(s.quantity)
        case .status: return s.status.rawValue
        case .billingCycle: return catalog[s.offerId]?.billingCycle.rawValue ?? ""
        case .termDuration: return catalog[s.offerId]?.termDuration.rawValue ?? ""
        case .partnerId: return s.partnerId ?? ""
        case .supportContactMpnId: return s.supportContact?.supportMpnId ?? ""
        case .creationDate: return ExportDate.string(s.creationDate)
        case .effectiveStartDate: return ExportDate.string(s.effectiveStartDate)
        case .commitmentEndDate: return ExportDate.string(s.commitmentEndDate)
        case .autoRenewEnabled: return s.autoRenewEnabled ? "true" : "false"
        case .orderId: return s.orderId.description
        }
    }

    static func exportValue(_ order: Order, _ line: LineItem, _ column: OrderColumn) -> String {
        switch column {
        case .id: return order.id.description
        case .referenceCustomerId: return order.customerId.description
        case .creationDate: return ExportDate.string(order.createdAt)
        case .status: return order.status.rawValue
        case .lineItemNumber: return String(line.lineItemNumber)
        case .offerId: return line.offerId
        case .quantity: return String(line.quantity)
        case .termDuration: return line.termDuration.rawValue
        case .partnerIdOnRecord: return line.partnerIdOnRecord ?? ""
        }
    }

    func exportValue(_ i: Invitation, _ column: InvitationColumn, now: Date) -> String {
        switch column {
        case .id: return i.id.description
        case .invitationType: return i.kind.rawValue
        case .status: return i.effectiveStatus(at: now).rawValue
        case .partnerId: return mpnId(i.fromAccountId)
        case .invitedPartnerId: return mpnId(i.toAccountId)
        case .customerId: return i.customerId?.description ?? ""
        case .email: return i.email
        case .createdBy: return i.createdBy
        case .creationDate: return ExportDate.string(i.createdAt)
        case .expirationDate: return ExportDate.string(i.expiresAt)
        case .respondedDate: return i.respondedAt.map(ExportDate.string) ?? ""
        case .respondedBy: return i.respondedBy ?? ""
        }
    }

    static func exportValue(_ row: ResellerOverview, _ column: IndirectResellerColumn) -> String {
        switch column {
        case .id: return row.reseller.id.description
        case .name: return row.reseller.legalName
        case .relationship: return "IsIndirectCloudSolutionProviderOf"
        case .state: return row.state.rawValue
        case .mpnId: return row.reseller.mpnId
        case .location: return row.reseller.country
        }
    }

    /// Every provider listed is in an active partnership (`activeProviders`).
    static func exportValue(_ provider: PartnerAccount, _ column: IndirectProviderColumn) -> String {
        switch column {
        case .id: return provider.id.description
        case .name: return provider.legalName
        case .relationshipType: return "IsIndirectResellerOf"
        case .state: return Partnership.Status.active.rawValue
        case .mpnId: return provider.mpnId
        case .location: return provider.country
        }
    }

    static func exportValue(_ r: AuditRecord, _ column: AuditRecordColumn) -> String {
        switch column {
        case .operationDate: return ExportDate.string(r.operationDate)
        case .userPrincipalName: return r.userPrincipalName
        case .operationType: return r.operationType.rawValue
        case .resourceType: return r.operationType.resourceType
        case .resourceName: return r.resourceName
        case .customerId: return r.customerId?.description ?? ""
        case .resourceOldValue: return r.oldValue
        case .resourceNewValue: return r.newValue
        case .operationStatus: return r.operationStatus.rawValue
        }
    }
}

extension OperationType {
    /// Partner Center's ResourceType of what the operation changes.
    public var resourceType: String {
        switch self {
        case .add_customer, .create_customer_relationship, .remove_customer_relationship: return "customer"
        case .create_order: return "order"
        case .update_subscription, .cancel_subscription, .upgrade_subscription, .renew_subscription, .expire_subscription:
            return "subscription"
        case .create_invitation, .withdraw_invitation, .decline_invitation, .create_partner_relationship, .end_partner_relationship:
            return "partnerRelationship"
        case .add_user, .update_user_roles: return "user"
        case .enroll_partner, .verify_enrollment_email, .review_enrollment, .resubmit_enrollment, .update_partner_profile,
             .submit_profile_change_request, .complete_profile_change_request, .register_membership_profile:
            return "partner"
        }
    }
}
