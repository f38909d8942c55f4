/// The column names of exports and imports: the Partner Center REST API's own property paths,
/// so a spreadsheet or a script written against Partner Center reads ours unchanged. Exports
/// write these columns in this order; imports read them by name.
///
/// A few columns name what a resource's URL carries rather than its body (`customerId` on a
/// subscription) or a linked resource (`supportContact.…`, Partner Center's SupportContact).
public enum CustomerColumn: String, CaseIterable, Sendable {
    case id
    case companyName = "companyProfile.companyName"
    case domain = "companyProfile.domain"
    case firstName = "billingProfile.firstName"
    case lastName = "billingProfile.lastName"
    case email = "billingProfile.email"
    case culture = "billingProfile.culture"
    case language = "billingProfile.language"
    case addressLine1 = "billingProfile.defaultAddress.addressLine1"
    case addressLine2 = "billingProfile.defaultAddress.addressLine2"
    case city = "billingProfile.defaultAddress.city"
    case state = "billingProfile.defaultAddress.state"
    case postalCode = "billingProfile.defaultAddress.postalCode"
    case country = "billingProfile.defaultAddress.country"
    case phoneNumber = "billingProfile.defaultAddress.phoneNumber"
    /// Always `reseller` for a CSP customer of this partner.
    case relationshipToPartner
    /// The MPN ID of the indirect reseller the customer was created for (as a subscription's
    /// `partnerId`), empty when none.
    case associatedPartnerId
}

public enum SubscriptionColumn: String, CaseIterable, Sendable {
    case id
    case customerId
    case offerId
    case offerName
    case friendlyName
    case quantity
    case status
    case billingCycle
    case termDuration
    /// The partner of record: a reseller's MPN ID, empty when none.
    case partnerId
    case supportContactMpnId = "supportContact.supportMpnId"
    case creationDate
    case effectiveStartDate
    case commitmentEndDate
    case autoRenewEnabled
    case orderId
}

/// Partner Center's Order, one row per line item (`lineItems.…` its OrderLineItem's properties).
public enum OrderColumn: String, CaseIterable, Sendable {
    case id
    case referenceCustomerId
    case creationDate
    case status
    case lineItemNumber = "lineItems.lineItemNumber"
    case offerId = "lineItems.offerId"
    case quantity = "lineItems.quantity"
    case termDuration = "lineItems.termDuration"
    /// The reseller's MPN ID credited for the line, empty when none.
    case partnerIdOnRecord = "lineItems.partnerIdOnRecord"
}

/// Invitations have no Partner Center resource (Partner Center sends them as links in
/// mail): these names follow its conventions (`…Date`, MPN IDs for partners). The
/// token is never exported: only its hash is kept, and that is not exported either.
public enum InvitationColumn: String, CaseIterable, Sendable {
    case id
    case invitationType
    case status
    /// The sending partner's MPN ID.
    case partnerId
    /// The invited reseller's MPN ID (a partnership invitation), else empty.
    case invitedPartnerId
    case customerId
    case email
    case createdBy
    case creationDate
    case expirationDate
    case respondedDate
    case respondedBy
}

/// Partner Center's IndirectReseller, for a provider's Indirect resellers page:
/// `relationship` is `IsIndirectCloudSolutionProviderOf` (the provider's side), `state`
/// the partnership's (`active`, `invited`, `ended`, `none`), `location` the country.
public enum IndirectResellerColumn: String, CaseIterable, Sendable {
    case id, name, relationship, state, mpnId, location
}

/// Partner Center's PartnerRelationship, for a reseller's Indirect providers page:
/// `relationshipType` is `IsIndirectResellerOf` (the reseller's side).
public enum IndirectProviderColumn: String, CaseIterable, Sendable {
    case id, name, relationshipType, state, mpnId, location
}

/// Partner Center's AuditRecord.
public enum AuditRecordColumn: String, CaseIterable, Sendable {
    case operationDate
    case userPrincipalName
    case operationType
    /// Partner Center's ResourceType of what changed: `customer`, `order`, `subscription`,
    /// `partnerRelationship`, `user`, or `partner` (enrollment and profile).
    case resourceType
    case resourceName
    case customerId
    case resourceOldValue
    case resourceNewValue
    case operationStatus
}
