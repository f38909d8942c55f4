/// What an audit operation is called where people read it (the dashboard's Activity
/// log); the CLI, `--json` and the CSV export keep Partner Center's `rawValue`, which
/// scripts match on.
extension OperationType {
    /// The name in words, as the record's detail and the operation filter show it.
    public var displayName: String { names.full }

    /// At most `shortNameLimit` columns, for a narrow Operation column.
    public var shortDisplayName: String { names.short }

    /// The widest `shortDisplayName`: a column this wide never cuts one.
    public static let shortNameLimit = 16

    private var names: (full: String, short: String) {
        switch self {
        case .enroll_partner: return ("Partner enrolled", "Partner enrolled")
        case .verify_enrollment_email: return ("Enrollment email verified", "Email verified")
        case .review_enrollment: return ("Enrollment reviewed", "Reviewed")
        case .resubmit_enrollment: return ("Enrollment resubmitted", "Resubmitted")
        case .add_user: return ("User added", "User added")
        case .update_user_roles: return ("User roles changed", "Roles changed")
        case .update_partner_profile: return ("Partner profile updated", "Profile updated")
        case .submit_profile_change_request: return ("Profile change requested", "Change requested")
        case .complete_profile_change_request: return ("Profile change completed", "Change completed")
        case .create_invitation: return ("Invitation sent", "Invitation sent")
        case .withdraw_invitation: return ("Invitation withdrawn", "Invite withdrawn")
        case .decline_invitation: return ("Invitation declined", "Invite declined")
        case .create_partner_relationship: return ("Partnership created", "Partner added")
        case .end_partner_relationship: return ("Partnership ended", "Partner ended")
        case .add_customer: return ("Customer added", "Customer added")
        case .create_customer_relationship: return ("Reseller of record added", "Reseller added")
        case .remove_customer_relationship: return ("Reseller of record removed", "Reseller removed")
        case .create_order: return ("Order placed", "Order placed")
        case .update_subscription: return ("Subscription updated", "Subscr. updated")
        case .register_membership_profile: return ("Membership profile registered", "Profile added")
        case .cancel_subscription: return ("Subscription cancelled", "Subscr. cancel")
        case .upgrade_subscription: return ("Subscription upgraded", "Subscr. upgraded")
        case .renew_subscription: return ("Subscription renewed", "Subscr. renewed")
        case .expire_subscription: return ("Subscription expired", "Subscr. expired")
        }
    }
}
