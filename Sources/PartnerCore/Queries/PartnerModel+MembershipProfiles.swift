import Foundation

extension PartnerModel {
    /// Steps 5–7 of enrollment: the organization profiles a Partner Membership Center user
    /// can pick an MPN ID from.
    public func membershipProfiles(pmcUser: String) -> [MembershipProfile] {
        membershipProfiles.values.filter { $0.pmcUserName.lowercased() == pmcUser.lowercased() }
            .sorted { $0.mpnId < $1.mpnId }
    }

    /// Step 7: the profile the enrollment links. The MPN ID must be one of the PMC user's
    /// profiles ("if it is not listed, sign in again as that profile's user"); without one,
    /// the user's only profile is taken. Nil when the MPN ID has no profile at all, which
    /// the review then rejects with its reason.
    public func selectMembershipProfile(pmcUser: String, mpnId: String?) throws(DomainError) -> MembershipProfile? {
        let profiles = membershipProfiles(pmcUser: pmcUser)
        let listed = profiles.map(\.mpnId).joined(separator: ", ")
        if let mpnId {
            if let profile = profiles.first(where: { $0.mpnId == mpnId }) { return profile }
            if profiles.isEmpty { return nil }
            throw DomainError(.invalid, field: "mpnId",
                              "\(mpnId) is not among \(pmcUser)'s organization profiles (\(listed)); sign in to the "
                                  + "Partner Membership Center as the user of the profile you want")
        }
        switch profiles.count {
        case 1: return profiles[0]
        case 0: throw DomainError(.notFound, field: "mpnId", "\(pmcUser) has no organization profile in the Partner Membership Center")
        default: throw DomainError(.invalid, field: "mpnId", "choose one of \(pmcUser)'s organization profiles: \(listed)")
        }
    }

    /// Why an MPN ID cannot get a new organization profile (one has it already), or nil:
    /// what registering checks, asked by the form as the field is left.
    public func newMembershipProfileProblem(mpnId: String) -> String? {
        membershipProfiles[mpnId] == nil ? nil : "\(mpnId) already has a profile"
    }
}
