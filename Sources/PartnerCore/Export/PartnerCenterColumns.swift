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
