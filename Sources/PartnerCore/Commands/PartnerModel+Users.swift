import Foundation

extension PartnerModel {
    /// User management needs a global admin or an admin agent (docs/WORKFLOWS.md R12).
    func userManager(_ actor: Actor) throws(DomainError) -> (User, PartnerAccount) {
        let (user, account) = try signedIn(actor)
        guard user.isAdmin else {
            throw .forbidden("roles", "needs global admin or admin agent to manage users")
        }
        return (user, account)
    }

    func decideAddUser(_ name: String, _ principal: String, _ roles: Set<User.Role>, as actor: Actor,
                       context: inout CommandContext) throws(DomainError) -> Decision {
        let (manager, account) = try userManager(actor)
        // "To finish setting up your account, including adding other users, you must have
        // admin agent permissions" (docs/WORKFLOWS.md R12).
        guard manager.isAdminAgent else {
            throw .forbidden("roles", "needs admin agent to add users; add yourself to the admin agent group first "
                + "(Account settings › User management)", rule: 9)
        }
        try FieldRef.user(.displayName).check(name)
        try FieldRef.user(.userPrincipalName).check(principal)
        let upn = Validate.principal(principal, in: account.tenantDomain)
        try Validate.check(.user(.userPrincipalName), problem: Validate.email(upn) ?? Validate.inTenant(upn, account.tenantDomain))
        guard user(principal: upn) == nil else { throw .conflict(.user(.userPrincipalName), "\(upn) already exists") }
        let user = User(id: context.fresh.id(), accountId: account.id, displayName: name, userPrincipalName: upn, roles: roles)
        return decision(context, by: manager, account: account.id, events: [.userAdded(user)],
                        audit: AuditEntry(operationType: .add_user, resourceName: upn, newValue: user.rolesLabel,
                                          involvedAccounts: [account.id]),
                        receipt: Receipt(createdId: user.id, message: "Added \(upn)"))
    }

    func decideSetRoles(_ userId: UserID, _ roles: Set<User.Role>, as actor: Actor,
                        context: CommandContext) throws(DomainError) -> Decision {
        let (manager, account) = try signedIn(actor)
        guard let target = users[userId], target.accountId == account.id else {
            throw .notFound("user", "no such user in \(account.legalName)")
        }
        // The first admin adds themselves to the admin agent group (step 9), so a global
        // admin may change roles even before holding admin agent.
        guard manager.isAdmin else { throw .forbidden("roles", "needs global admin or admin agent to manage users") }
        let admins = users.values.filter { $0.accountId == account.id && $0.roles.contains(.globalAdmin) }
        if target.roles.contains(.globalAdmin), !roles.contains(.globalAdmin), admins.count == 1 {
            throw .conflict("roles", "\(target.userPrincipalName) is the last global admin of \(account.legalName)")
        }
        var updated = target
        updated.roles = roles
        return decision(context, by: manager, account: account.id, events: [.userUpdated(updated)],
                        audit: AuditEntry(operationType: .update_user_roles, resourceName: target.userPrincipalName,
                                          oldValue: target.rolesLabel, newValue: updated.rolesLabel,
                                          involvedAccounts: [account.id]),
                        receipt: Receipt(message: "\(target.userPrincipalName): \(updated.rolesLabel)"))
    }
}
