import Foundation

extension PartnerModel {
    func decideSetUpProvider(_ s: ProviderSetup, context: inout CommandContext) throws(DomainError) -> Decision {
        try FieldRef.accountProfile(.legalName).check(s.legalName)
        try FieldRef.accountSetup(.mpnId).check(s.mpnId)
        try FieldRef.accountSetup(.country).check(s.country)
        try FieldRef.accountSetup(.domainPrefix).check(s.domainPrefix)
        try validateAddress(s.address)
        try validateContacts(s.primaryContact, s.supportContact)
        try FieldRef.accountSetup(.adminDisplayName).check(s.adminDisplayName)
        try FieldRef.accountSetup(.adminUserName).check(s.adminUserName)
        if let taken = newMpnIdProblem(s.mpnId) { throw .conflict(.accountSetup(.mpnId), taken) }
        if let taken = newTenantProblem(prefix: s.domainPrefix) { throw .conflict(.accountSetup(.domainPrefix), taken) }
        let domain = Validate.tenantDomain(prefix: s.domainPrefix)
        let account = PartnerAccount(
            id: context.fresh.id(), kind: .indirectProvider, legalName: s.legalName, mpnId: s.mpnId,
            country: s.country, address: s.address.in(s.country), primaryContact: s.primaryContact, supportContact: s.supportContact,
            tenantDomain: domain, enrollment: .active, createdAt: context.now)
        let admin = try newAdminUser(s.adminDisplayName, s.adminUserName, domain: domain, account: account.id, context: &context)
        return decision(context, by: admin, account: account.id,
                        events: [.accountCreated(account), .userAdded(admin)],
                        audit: AuditEntry(operationType: .enroll_partner, resourceName: account.legalName,
                                          newValue: "indirect provider \(account.mpnId), admin \(admin.userPrincipalName)",
                                          involvedAccounts: [account.id]),
                        receipt: Receipt(createdId: account.id, message: "Created \(account.legalName); sign in as \(admin.userPrincipalName)"))
    }

    /// Reseller enrollment (docs/WORKFLOWS.md R2–R8): the account starts pending
    /// email verification and a code goes to the primary contact.
    func decideEnrollReseller(_ e: ResellerEnrollment, context: inout CommandContext) throws(DomainError) -> Decision {
        switch e.tenant {
        case .existing(let domain):
            try FieldRef.accountSetup(.tenant).check(domain)
        case .create(let prefix):
            try FieldRef.accountSetup(.domainPrefix).check(prefix)
        }
        guard !isDomainTaken(e.tenant.domain) else {
            throw .conflict(.accountSetup(.tenant), "\(e.tenant.domain) already belongs to another account or customer")
        }
        try FieldRef.accountSetup(.tenantCountry).check(e.tenantCountry)
        try FieldRef.accountSetup(.pmcUserName).check(e.pmcUserName)
        try FieldRef.accountSetup(.mpnId).check(e.mpnId)
        try FieldRef.accountSetup(.adminDisplayName).check(e.adminDisplayName)
        try FieldRef.accountSetup(.adminUserName).check(e.adminUserName)
        var legalName = e.legalName, address = e.address, country = e.tenantCountry
        let primary = e.primaryContact
        if e.alreadyEnrolledInCSP {
            guard let profile = membershipProfiles[e.mpnId], profile.isCSPEnrolled else {
                throw .conflict(.accountSetup(.mpnId), "\(e.mpnId) is not enrolled in CSP yet; use the full enrollment")
            }
            legalName = profile.organizationName
            address = profile.address
            country = profile.country
            // The primary contact is asked for as Partner Center asks it: the support desk's
            // address is not a person, and enrollment mail goes to the primary contact.
            try validateContacts(primary, e.supportContact)
        } else {
            try FieldRef.accountProfile(.legalName).check(e.legalName)
            try validateAddress(e.address)
            try validateContacts(e.primaryContact, e.supportContact)
        }
        address.country = country
        if let taken = newMpnIdProblem(e.mpnId) { throw .conflict(.accountSetup(.mpnId), taken) }
        let code = context.fresh.verificationCode()
        var account = PartnerAccount(
            id: context.fresh.id(), kind: .indirectReseller, legalName: legalName, mpnId: e.mpnId, country: country,
            address: address, primaryContact: primary, supportContact: e.supportContact, tenantDomain: e.tenant.domain,
            enrollment: .pendingEmailVerification, createdAt: context.now, verificationCodeHash: Secrets.hash(code))
        var receipt = Receipt(createdId: account.id)
        if e.alreadyEnrolledInCSP {
            account.enrollment = .active
            account.verificationCodeHash = nil
            receipt.message = "\(legalName) is already enrolled in CSP: the reseller account is active"
        } else {
            receipt.mail = [OutgoingMail(
                to: primary.email, subject: "Verify your email to continue your Partner Center enrollment",
                body: """
                    Hello \(primary.name),

                    \(e.adminDisplayName) enrolled \(legalName) as an indirect reseller in the Cloud Solution \
                    Provider program and named you its primary contact. Confirm that you signed up and that this \
                    address belongs to your organization by entering this code on the enrollment status page:

                        \(code)

                    We'll email enrollment status updates to this address.
                    """)]
            receipt.verificationCode = code
            receipt.message = "Enrollment submitted: a verification code was sent to \(primary.email)"
        }
        let admin = try newAdminUser(e.adminDisplayName, e.adminUserName, domain: e.tenant.domain, account: account.id, context: &context)
        return decision(context, by: admin, account: account.id,
                        events: [.accountCreated(account), .userAdded(admin)],
                        audit: AuditEntry(operationType: .enroll_partner, resourceName: legalName,
                                          newValue: "indirect reseller \(e.mpnId), \(account.enrollment.label)",
                                          involvedAccounts: [account.id]),
                        receipt: receipt)
    }

    func decideVerifyEmail(_ accountId: AccountID, code: String, as actor: Actor,
                           context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try ownAccount(accountId, actor)
        guard account.enrollment == .pendingEmailVerification, let hash = account.verificationCodeHash else {
            throw .conflict("enrollment", "is \(account.enrollment.label), not waiting for email verification")
        }
        try FieldRef.accountSetup(.verificationCode).check(code)
        guard Secrets.matches(code.trimmingCharacters(in: CharacterSet(charactersIn: " ")), hash: hash) else {
            throw .invalid(.accountSetup(.verificationCode), "does not match the code mailed to \(account.primaryContact.email)")
        }
        var updated = account
        updated.enrollment = .underReview
        updated.verificationCodeHash = nil
        return decision(context, by: user, account: account.id, events: [.accountUpdated(updated)],
                        audit: AuditEntry(operationType: .verify_enrollment_email, resourceName: account.legalName,
                                          oldValue: account.enrollment.label, newValue: updated.enrollment.label,
                                          involvedAccounts: [account.id]),
                        receipt: Receipt(message: "Email verified: the enrollment is under review"))
    }

    /// The program's review: MPN ID format and uniqueness, an active organization profile
    /// in the same country as the tenant, a free domain. Approves, or rejects with the reason.
    /// The legal address has no country of its own to type: it is the tenant's (`in`), so
    /// the profile's country agreeing with the tenant's is its agreeing with the address's.
    func decideReview(_ accountId: AccountID, as actor: Actor, context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try ownAccount(accountId, actor)
        guard account.enrollment == .underReview else {
            throw .conflict("enrollment", "is \(account.enrollment.label), not under review")
        }
        var updated = account
        updated.enrollment = reviewOutcome(account)
        var mail = OutgoingMail(to: account.primaryContact.email, subject: "Your Partner Center enrollment", body: "")
        mail.body = updated.isActive
            ? "Hello \(account.primaryContact.name),\n\n\(account.legalName) is now an active indirect reseller. "
                + "Sign in and check Account settings › User management: you need the Admin agent role to finish setting up.\n"
            : "Hello \(account.primaryContact.name),\n\nWe could not approve the enrollment of \(account.legalName).\n\n"
                + "\(updated.enrollment.label)\n"
        return decision(context, by: user, account: account.id, events: [.accountUpdated(updated)],
                        audit: AuditEntry(operationType: .review_enrollment, resourceName: account.legalName,
                                          oldValue: account.enrollment.label, newValue: updated.enrollment.label,
                                          involvedAccounts: [account.id]),
                        receipt: Receipt(mail: [mail], message: updated.enrollment.label))
    }

    /// A rejected enrollment cannot start again from the wizard: the account keeps its
    /// tenant, so a second enrollment of the same tenant is refused. It is corrected in
    /// place instead: another of the organization's MPN IDs, or the same one once its
    /// profile is fixed in the Membership Center, with the legal name and address that go
    /// with it (a company that enrolled with the wrong profile names the right company), and
    /// it is under review again (the primary contact's email was verified already).
    func decideResubmit(_ accountId: AccountID, mpnId: String, legalName: String?, address: PostalAddress?, as actor: Actor,
                        context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try ownAccount(accountId, actor)
        guard case .rejected = account.enrollment else {
            throw .conflict("enrollment", "is \(account.enrollment.label); only a rejected enrollment can be resubmitted")
        }
        let mpn = mpnId.trimmingCharacters(in: CharacterSet(charactersIn: " "))
        try FieldRef.accountSetup(.mpnId).check(mpn)
        if let taken = resubmittedMpnIdProblem(mpn, for: account.id) { throw .conflict(.accountSetup(.mpnId), taken) }
        var updated = account
        if let legalName {
            try FieldRef.accountProfile(.legalName).check(legalName)
            updated.legalName = legalName
        }
        if let address {
            try validateAddress(address)
            updated.address = address.in(account.country)
        }
        updated.mpnId = mpn
        updated.enrollment = .underReview
        let profile = FieldChanges(account.profileFields, updated.profileFields)
        let corrected = profile.new.isEmpty ? "" : "; \(profile.new)"
        return decision(context, by: user, account: account.id, events: [.accountUpdated(updated)],
                        audit: AuditEntry(operationType: .resubmit_enrollment, resourceName: updated.legalName,
                                          oldValue: "MPN ID \(account.mpnId), \(account.enrollment.label)"
                                              + (profile.old.isEmpty ? "" : "; \(profile.old)"),
                                          newValue: "MPN ID \(mpn), \(updated.enrollment.label)\(corrected)",
                                          involvedAccounts: [account.id]),
                        receipt: Receipt(message: "Resubmitted with MPN ID \(mpn): the enrollment is under review again"))
    }

    func reviewOutcome(_ account: PartnerAccount) -> EnrollmentStatus {
        if let problem = Validate.mpnId(account.mpnId) { return .rejected(reason: "MPN ID \(problem)") }
        if let other = accountByMpn[account.mpnId], other != account.id {
            return .rejected(reason: "MPN ID \(account.mpnId) is already linked to another Partner Center account")
        }
        if let profile = membershipProfiles[account.mpnId] {
            if !profile.isActive { return .rejected(reason: "the organization profile for MPN ID \(account.mpnId) is not active") }
            if profile.country != account.country {
                return .rejected(reason: "the organization profile is in \(profile.country) but the Azure AD tenant is in \(account.country); they must be in the same country/region")
            }
        } else {
            return .rejected(reason: "MPN ID \(account.mpnId) has no organization profile in the Partner Membership Center")
        }
        let others = accounts.values.contains { $0.id != account.id && $0.tenantDomain.lowercased() == account.tenantDomain.lowercased() }
            || customers.values.contains { $0.companyProfile.domain.lowercased() == account.tenantDomain.lowercased() }
        if others { return .rejected(reason: "the tenant \(account.tenantDomain) belongs to another organization") }
        return .active
    }

    func decideUpdateProfile(_ change: AccountProfileChange, as actor: Actor, context: CommandContext) throws(DomainError) -> Decision {
        let (user, account) = try signedIn(actor)
        guard user.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to change the profile") }
        var updated = account
        if let name = change.legalName {
            try FieldRef.accountProfile(.legalName).check(name)
            updated.legalName = name
        }
        if let address = change.address {
            try validateAddress(address)
            updated.address = address.in(account.country)
        }
        if let primary = change.primaryContact { updated.primaryContact = primary }
        if let support = change.supportContact { updated.supportContact = support }
        try validateContacts(updated.primaryContact, updated.supportContact)
        return decision(context, by: user, account: account.id, events: [.accountUpdated(updated)],
                        audit: AuditEntry(operationType: .update_partner_profile, resourceName: account.legalName,
                                          changes: FieldChanges(account.profileFields, updated.profileFields),
                                          involvedAccounts: [account.id]))
    }

    func decideRegisterMembership(_ profile: MembershipProfile, context: CommandContext) throws(DomainError) -> Decision {
        let fields: [(MembershipProfileField, String)] = [(.mpnId, profile.mpnId), (.organizationName, profile.organizationName),
                                                          (.country, profile.country), (.pmcUserName, profile.pmcUserName)]
        for (field, value) in fields { try FieldRef.membershipProfile(field).check(value) }
        try validateAddress(profile.address)
        if let taken = newMembershipProfileProblem(mpnId: profile.mpnId) { throw .conflict(.membershipProfile(.mpnId), taken) }
        var p = profile
        p.address.country = p.country
        return decision(context, by: nil, principal: "membership-center", account: nil,
                        events: [.membershipProfileRegistered(p)],
                        audit: AuditEntry(operationType: .register_membership_profile, resourceName: p.organizationName,
                                          newValue: p.mpnId, involvedAccounts: []))
    }

    /// The primary and the support contact, by the account profile's table.
    func validateContacts(_ primary: PrimaryContact, _ support: SupportInfo) throws(DomainError) {
        for field in AccountProfileField.contacts {
            try FieldRef.accountProfile(field).check(primary[field] ?? support[field])
        }
    }

    /// An account's address, by the account profile's table (its country is the account's).
    func validateAddress(_ address: PostalAddress) throws(DomainError) {
        let fields: [(AccountProfileField, String)] = [(.line1, address.line1), (.line2, address.line2), (.city, address.city),
                                                       (.state, address.state), (.postalCode, address.postalCode)]
        for (field, value) in fields { try FieldRef.accountProfile(field).check(value) }
    }

    func newAdminUser(_ name: String, _ userName: String, domain: String, account: AccountID,
                      context: inout CommandContext) throws(DomainError) -> User {
        let principal = Validate.principal(userName, in: domain)
        try Validate.check(.accountSetup(.adminUserName), problem: Validate.email(principal) ?? Validate.inTenant(principal, domain))
        guard user(principal: principal) == nil else { throw .conflict(.accountSetup(.adminUserName), "\(principal) already exists") }
        return User(id: context.fresh.id(), accountId: account, displayName: name, userPrincipalName: principal, roles: [.globalAdmin])
    }

    /// The actor must be a user of this account (enrollment steps after sign-up).
    func ownAccount(_ accountId: AccountID, _ actor: Actor) throws(DomainError) -> (User, PartnerAccount) {
        let (user, account) = try signedIn(actor)
        guard account.id == accountId else { throw .forbidden("account", "you can only manage your own account's enrollment") }
        return (user, account)
    }
}
