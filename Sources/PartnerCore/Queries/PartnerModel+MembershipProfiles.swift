import Foundation

extension PartnerModel {
    /// Steps 5–7 of enrollment: the organization profiles a Partner Membership Center user
    /// can pick an MPN ID from.
    public func membershipProfiles(pmcUser: String) -> [MembershipProfile] {
        membershipProfiles.values.filter { $0.pmcUserName.lowercased() == pmcUser.lowercased() }
            .sorted { $0.mpnId < $1.mpnId }
    }
}
