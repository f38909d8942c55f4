import Foundation

/// Finding things by what a person types: a GUID or its first digits, an MPN ID, a tenant
/// domain, a name. Used by the command line and the dashboard's `:` jump. Visibility
/// follows rule 6, so a name never reveals another partner's customer.
extension PartnerModel {
    /// An account by id, MPN ID, tenant domain (or its prefix) or legal name (exact, else a
    /// unique case-insensitive part of it).
    public func findAccount(_ text: String, kind: PartnerAccount.Kind? = nil,
                            field: String = "account") throws(DomainError) -> PartnerAccount {
        let query = text.trimmingCharacters(in: .whitespaces)
        let what = kind.map { "an \($0.label)" } ?? "an account"
        func ofKind(_ account: PartnerAccount) -> Bool { kind == nil || account.kind == kind }
        if let id = Ident(query) {
            guard let account = accounts[id], ofKind(account) else {
                throw DomainError(.notFound, field: field, "no \(what) with the id \(id)")
            }
            return account
        }
        let lowered = query.lowercased()
        // An MPN ID as typed, a domain or its prefix, a legal name in any case: looked up.
        let prefixed = Validate.tenantDomain(prefix: lowered)
        var exactIds: [AccountID] = []
        for (field, text) in [(AccountLookup.Field.mpnId, query), (.domain, lowered), (.domain, prefixed), (.name, lowered)] {
            exactIds += accountLookup.accounts(field, text)
        }
        var seen = Set<AccountID>()
        exactIds.removeAll { !seen.insert($0).inserted }
        let exact = exactIds.compactMap { accounts[$0] }.filter(ofKind)
        // Else any legal name holding the text: every account is looked at.
        return try unique(exact.isEmpty ? accounts.values.filter { ofKind($0) && $0.legalName.lowercased().contains(lowered) } : exact,
                          query: query, field: field, what: what, name: \.legalName)
    }

    /// A user by sign-in name, or by the part before the @ when only one user has it.
    public func findUser(_ text: String, field: String = "user") throws(DomainError) -> User {
        let query = text.trimmingCharacters(in: .whitespaces)
        if let user = user(principal: query) { return user }
        if let id = Ident(query), let user = users[id] { return user }
        let local = query.lowercased()
        let matches = query.contains("@") ? []
            : users.values.filter { $0.userPrincipalName.lowercased().split(separator: "@").first.map(String.init) == local }
        return try unique(matches, query: query, field: field, what: "a user", name: \.userPrincipalName)
    }

    /// A customer the account may see, by id (or its first digits), tenant domain (or its
    /// prefix) or company name.
    public func findCustomer(_ text: String, visibleTo account: AccountID,
                             field: String = "customer") throws(DomainError) -> Customer {
        let query = text.trimmingCharacters(in: .whitespaces)
        let lowered = query.lowercased()
        let visible = customerIds(visibleTo: account)
        if let id = Ident(query) {
            guard visible.contains(id), let customer = customers[id] else {
                throw DomainError(.notFound, field: field, "no customer \(id) among yours")
            }
            return customer
        }
        let domain = lowered.contains(".") ? lowered : Validate.tenantDomain(prefix: lowered)
        if let customer = self.customer(withDomain: domain), visible.contains(customer.id) { return customer }
        var matches = Self.idPrefix(lowered) ? customers(withIdPrefix: lowered).filter { visible.contains($0.id) } : []
        if matches.isEmpty { matches = visible.compactMap { customers[$0] }.filter { $0.name.lowercased() == lowered } }
        return try unique(matches, query: query, field: field, what: "a customer of yours", name: \.name)
    }

    /// A subscription of one of the account's customers, by id or its first digits.
    public func findSubscription(_ text: String, visibleTo account: AccountID,
                                 field: String = "subscription") throws(DomainError) -> Subscription {
        let query = text.trimmingCharacters(in: .whitespaces).lowercased()
        let visible = customerIds(visibleTo: account)
        if let id = Ident(query), let subscription = subscriptions[id], visible.contains(subscription.customerId) {
            return subscription
        }
        let matches = Self.idPrefix(query)
            ? subscriptions(withIdPrefix: query).filter { visible.contains($0.customerId) } : []
        return try unique(matches, query: query, field: field, what: "a subscription of your customers", name: \.friendlyName)
    }

    /// The ids `findSubscription(text, …)` looks among: the id typed whole, or those
    /// starting with the digits typed; nil when the text names no id (it matches nothing).
    /// A model that holds every subscription matching it, and their customers, finds what
    /// the whole model finds (PartnerStore reads just those from a snapshot).
    public static func subscriptionIdsSought(by text: String) -> IdPrefix? {
        let query = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let id = Ident(query) { return IdPrefix(exactly: id) }
        return idPrefix(query) ? IdPrefix(query) : nil
    }

    /// An invitation the account sent or received, by id or its first digits.
    public func findInvitation(_ text: String, involving account: AccountID,
                               field: String = "invitation") throws(DomainError) -> Invitation {
        let query = text.trimmingCharacters(in: .whitespaces).lowercased()
        let mine = invitations(involving: account)
        let matches = Ident(query).map { id in mine.filter { $0.id == id } }
            ?? (Self.idPrefix(query) ? mine.filter { $0.id.description.hasPrefix(query) } : [])
        return try unique(matches, query: query, field: field, what: "an invitation of yours", name: \.email)
    }

    /// Eight hex digits (what tables show as a short id) or more; fewer would match too much.
    static func idPrefix(_ text: String) -> Bool {
        text.utf8.count >= 8 && text.utf8.count < 36
            && text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (48...57).contains($0) || (97...102).contains($0) }
    }

    func unique<T>(_ matches: [T], query: String, field: String, what: String,
                   name: (T) -> String) throws(DomainError) -> T {
        switch matches.count {
        case 1: return matches[0]
        case 0: throw DomainError(.notFound, field: field, "\(query) is not \(what)")
        default:
            let names = matches.map(name).sorted().prefix(5).joined(separator: ", ")
            throw DomainError(.invalid, field: field, "\(query) matches \(matches.count): \(names)\(matches.count > 5 ? ", …" : ""); be more specific")
        }
    }
}
