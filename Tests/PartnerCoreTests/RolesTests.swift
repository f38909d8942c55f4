import Foundation
import PartnerCore
import Testing

@Suite("Rule 9: only admin agents act on behalf of customers")
struct Rule9Tests {
    func commands(_ w: World, customer: CustomerID, subscription: SubscriptionID) -> [(String, Command)] {
        [
            ("addCustomer", .addCustomer(Fixture.customer("beta"), reseller: w.r1.account, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)])),
            ("placeOrder", .placeOrder(customer: customer, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)])),
            ("updateSubscription", .updateSubscription(subscription, SubscriptionChange(quantity: 7))),
        ]
    }

    @Test func aUserWithoutAdminAgentGetsTheNeedsAdminAgentError() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account)
        let sub = try #require(w.model.subscriptions(of: customer).first)
        for (name, command) in commands(w, customer: customer, subscription: sub.id) {
            let error = w.expectRefusal(command, as: .user(w.providerSales), .forbidden, field: "roles", rule: 9)
            #expect(error?.message.contains("needs admin agent") == true, "\(name)")
        }
        // User management › the sales agent gets Admin agent: now each works.
        try w.run(.setUserRoles(user: w.providerSales, roles: [.salesAgent, .adminAgent]), as: .user(w.providerAdmin))
        for (name, command) in commands(w, customer: customer, subscription: sub.id) {
            let before = w.model.auditLog.count
            do { try w.run(command, as: .user(w.providerSales)) } catch { Issue.record("\(name): \(error)") }
            #expect(w.model.auditLog.count == before + 1)
            #expect(w.model.auditLog.last?.userPrincipalName == "sam@northwind.onmicrosoft.com")
        }
    }

    @Test func aGlobalAdminWithoutAdminAgentIsRefusedToo() throws {
        var w = try World.standard()
        try w.run(.setUserRoles(user: w.providerAdmin, roles: [.globalAdmin]), as: .user(w.providerAdmin))
        w.expectRefusal(.addCustomer(Fixture.customer("beta"), reseller: w.r1.account, cart: [CartLine(offerId: Fixture.m365.id, quantity: 1)]),
                        as: .user(w.providerAdmin), .forbidden, field: "roles", rule: 9)
        // A reseller's admin who drops admin agent can no longer manage its customers' subscriptions.
        let (customer, _) = try w.addCustomer("acme", for: w.r1.account, as: .user(w.otherProviderAdmin))
        let sub = try #require(w.model.subscriptions(of: customer).first)
        try w.run(.setUserRoles(user: w.r1.admin, roles: [.globalAdmin]), as: w.r1.actor)
        w.expectRefusal(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)), as: w.r1.actor,
                        .forbidden, field: "roles", rule: 9)
        w.expectRefusal(.removeResellerRelationship(customer: customer, partner: w.r1.account), as: w.r1.actor,
                        .forbidden, field: "roles", rule: 9)
        // Global admins still manage users (step 9: the first admin adds themselves).
        try w.run(.setUserRoles(user: w.r1.admin, roles: [.globalAdmin, .adminAgent]), as: w.r1.actor)
        try w.run(.updateSubscription(sub.id, SubscriptionChange(status: .suspended)), as: w.r1.actor)
    }

    @Test func customersAndEnrolleesAreNotUsers() throws {
        var w = try World.standard()
        for actor in [Actor.customer(email: "it@acme.example"), .enrollee] {
            w.expectRefusal(.placeOrder(customer: Ident(high: 1, low: 2), cart: []), as: actor, .forbidden, field: "user")
        }
        w.expectRefusal(.placeOrder(customer: Ident(high: 1, low: 2), cart: []), as: .user(Ident(high: 5, low: 5)), .notFound, field: "user")
    }
}

@Suite("User management")
struct UserManagementTests {
    @Test func addUserNamesThemInTheTenant() throws {
        var w = try World.standard()
        let id = try w.run(.addUser(displayName: "Hal Help", userPrincipalName: "hal", roles: [.helpdeskAgent]), as: w.r1.actor).createdId!
        let user = try #require(w.model.users[id])
        #expect(user.userPrincipalName == "hal@contoso.onmicrosoft.com")
        #expect(user.accountId == w.r1.account)
        #expect(w.model.user(principal: "HAL@contoso.onmicrosoft.com")?.id == id)
        w.expectRefusal(.addUser(displayName: "Hal Again", userPrincipalName: "Hal@Contoso.onmicrosoft.com", roles: []), as: w.r1.actor,
                        .conflict, field: "userPrincipalName")
        w.expectRefusal(.addUser(displayName: "", userPrincipalName: "x", roles: []), as: w.r1.actor, .invalid, field: "displayName")
        w.expectRefusal(.addUser(displayName: "Bad", userPrincipalName: "a b", roles: []), as: w.r1.actor,
                        .invalid, field: "userPrincipalName")
        w.expectRefusal(.addUser(displayName: "Nope", userPrincipalName: "nope", roles: [.adminAgent]), as: .user(id),
                        .forbidden, field: "roles")
    }

    @Test func addingUsersNeedsAdminAgentEvenForAGlobalAdmin() throws {
        var w = try World.standard()
        try w.run(.setUserRoles(user: w.r1.admin, roles: [.globalAdmin]), as: w.r1.actor)
        let error = w.expectRefusal(.addUser(displayName: "Hal Help", userPrincipalName: "hal", roles: []), as: w.r1.actor,
                                    .forbidden, field: "roles", rule: 9)
        #expect(error?.message.contains("admin agent group") == true)
        // Step 9: the global admin adds itself to the admin agent group, then adds users.
        try w.run(.setUserRoles(user: w.r1.admin, roles: [.globalAdmin, .adminAgent]), as: w.r1.actor)
        try w.run(.addUser(displayName: "Hal Help", userPrincipalName: "hal", roles: []), as: w.r1.actor)
    }

    @Test func usersAreNamedInTheirOwnTenantOnly() throws {
        var w = try World.standard()
        // Another partner's tenant, or a customer's admin name: the audit log would show the wrong "who".
        for upn in ["bob@litware.onmicrosoft.com", "admin@acme.onmicrosoft.com", "bob@contoso.onmicrosoft.com.evil.example"] {
            w.expectRefusal(.addUser(displayName: "Bob", userPrincipalName: upn, roles: [.adminAgent]), as: w.r1.actor,
                            .invalid, field: "userPrincipalName")
        }
        let id = try w.run(.addUser(displayName: "Bob", userPrincipalName: "Bob@Contoso.onmicrosoft.com", roles: []), as: w.r1.actor).createdId!
        #expect(w.model.users[id]?.accountId == w.r1.account)
        var e = Fixture.enrollment("Fresh", prefix: "freshco", mpn: "7777777")
        e.adminUserName = "ana@northwind.onmicrosoft.com.example"
        w.expectRefusal(.enrollReseller(e), as: .enrollee, .invalid, field: "adminUserName")
        e.adminUserName = "boss@freshco.onmicrosoft.com"
        try w.run(.enrollReseller(e), as: .enrollee)
    }

    @Test func theLastGlobalAdminCannotDropTheRole() throws {
        var w = try World.standard()
        let error = w.expectRefusal(.setUserRoles(user: w.r1.admin, roles: [.adminAgent]), as: w.r1.actor,
                                    .conflict, field: "roles")
        #expect(error?.message.contains("last global admin") == true)
        let second = try w.run(.addUser(displayName: "Gina", userPrincipalName: "gina", roles: [.globalAdmin]), as: w.r1.actor).createdId!
        try w.run(.setUserRoles(user: w.r1.admin, roles: [.adminAgent]), as: w.r1.actor)
        w.expectRefusal(.setUserRoles(user: second, roles: [.salesAgent]), as: .user(second), .conflict, field: "roles")
        #expect(w.model.invariantViolations(catalog: w.catalog) == [])
    }

    @Test func rolesAreManagedOnlyWithinTheOwnAccountByAdmins() throws {
        var w = try World.standard()
        w.expectRefusal(.setUserRoles(user: w.r2.admin, roles: [.adminAgent, .globalAdmin]), as: w.r1.actor, .notFound, field: "user")
        w.expectRefusal(.setUserRoles(user: w.providerSales, roles: [.adminAgent]), as: .user(w.providerSales), .forbidden, field: "roles")
        let audit = try w.run(.setUserRoles(user: w.providerSales, roles: [.salesAgent, .helpdeskAgent]), as: .user(w.providerAdmin))
        #expect(audit.message.contains("Helpdesk agent"))
        let record = try #require(w.model.auditLog.last)
        #expect(record.operationType == .update_user_roles)
        #expect(record.oldValue == "Sales agent")
        #expect(record.newValue == "Sales agent, Helpdesk agent")
    }
}

@Suite("Provider listing change requests")
struct ListingTests {
    let locations = [ListingLocation(country: "US", companyName: "Northwind", logoURL: "https://northwind.example/logo.png",
                                     targetURL: "https://northwind.example")]

    @Test func aRequestCompletesAfterTwoWeeksNotBefore() throws {
        var w = try World.standard()
        let id = try w.run(.submitProfileChangeRequest(locations), as: .user(w.providerAdmin)).createdId!
        let request = try #require(w.model.changeRequests[id])
        #expect(request.status == .submitted)
        #expect(request.expectedBy == request.submittedAt + 21 * 86_400)
        #expect(w.model.listings[w.provider] == nil)
        w.advance(days: 13)
        w.expectRefusal(.completeDueProfileChangeRequests, as: .user(w.providerAdmin), .conflict, field: "profileChangeRequest")
        w.now = request.submittedAt + 14 * 86_400
        try w.run(.completeDueProfileChangeRequests, as: .user(w.providerAdmin))
        #expect(w.model.changeRequests[id]?.status == .completed)
        #expect(w.model.changeRequests[id]?.completedAt != nil)
        #expect(w.model.listings[w.provider] == locations)
        w.expectRefusal(.completeDueProfileChangeRequests, as: .user(w.providerAdmin), .conflict, field: "profileChangeRequest")
    }

    @Test func completedListingsMakeTheDirectoryResellersSearch() throws {
        var w = try World.standard()
        #expect(w.model.providerDirectory().isEmpty, "nothing is listed before a request completes")
        let second = [ListingLocation(country: "DE", companyName: "Fabrikam Supply GmbH", logoURL: "https://fabrikam.example/l.png",
                                      targetURL: "https://fabrikam.example/de"),
                      ListingLocation(country: "US", companyName: "Fabrikam Supply", logoURL: "https://fabrikam.example/l.png",
                                      targetURL: "https://fabrikam.example")]
        try w.run(.submitProfileChangeRequest(locations), as: .user(w.providerAdmin))
        try w.run(.submitProfileChangeRequest(second), as: .user(w.otherProviderAdmin))
        w.expectRefusal(.completeDueProfileChangeRequests, as: .user(w.providerAdmin), .conflict, field: "profileChangeRequest")
        w.advance(days: 15)
        try w.run(.completeDueProfileChangeRequests, as: .user(w.providerAdmin))
        try w.run(.completeDueProfileChangeRequests, as: .user(w.otherProviderAdmin))
        let all = w.model.providerDirectory()
        #expect(all.map(\.companyName) == ["Fabrikam Supply GmbH", "Fabrikam Supply", "Northwind"], "by country, then name")
        #expect(all.map(\.providerId) == [w.otherProvider, w.otherProvider, w.provider])
        #expect(w.model.providerDirectory(country: "us").map(\.companyName) == ["Fabrikam Supply", "Northwind"])
        #expect(w.model.providerDirectory(country: "FR").isEmpty)
    }

    @Test func theLatestDueRequestWins() throws {
        var w = try World.standard()
        var second = locations
        second.append(ListingLocation(country: "DE", companyName: "Northwind GmbH", logoURL: "https://northwind.example/de.png",
                                      targetURL: "https://northwind.example/de"))
        let first = try w.run(.submitProfileChangeRequest(locations), as: .user(w.providerAdmin)).createdId!
        w.advance(days: 1)
        let later = try w.run(.submitProfileChangeRequest(second), as: .user(w.providerAdmin)).createdId!
        w.advance(days: 20)
        try w.run(.completeDueProfileChangeRequests, as: .user(w.providerAdmin))
        #expect(w.model.changeRequests[first]?.status == .completed)
        #expect(w.model.changeRequests[later]?.status == .completed)
        #expect(w.model.listings[w.provider] == second)
    }

    @Test func onlyProviderAdminsFileValidRequests() throws {
        var w = try World.standard()
        w.expectRefusal(.submitProfileChangeRequest(locations), as: w.r1.actor, .forbidden, field: "account")
        w.expectRefusal(.submitProfileChangeRequest(locations), as: .user(w.providerSales), .forbidden, field: "roles")
        w.expectRefusal(.submitProfileChangeRequest([]), as: .user(w.providerAdmin), .invalid, field: "locations")
        var bad = locations
        bad[0].logoURL = "ftp://x"
        w.expectRefusal(.submitProfileChangeRequest(bad), as: .user(w.providerAdmin), .invalid, field: "locations[0].logoURL")
        bad = locations
        bad[0].country = "ZZ"
        w.expectRefusal(.submitProfileChangeRequest(bad), as: .user(w.providerAdmin), .invalid, field: "locations[0].country")
    }

    @Test func anotherProvidersRequestsAreNotCompletedForYou() throws {
        var w = try World.standard()
        try w.run(.submitProfileChangeRequest(locations), as: .user(w.providerAdmin))
        w.advance(days: 15)
        w.expectRefusal(.completeDueProfileChangeRequests, as: .user(w.otherProviderAdmin), .conflict, field: "profileChangeRequest")
    }
}

/// Issue 13 items 3 and 7: what a user without Admin agent is told fits who they are.
@Suite("Rule 9: the way to the Admin agent role")
struct AdminAgentRemedyTests {
    @Test func aGlobalAdminGivesItselfTheRoleAnyoneElseIsToldWhichGlobalAdminsCan() throws {
        var w = try World.standard()
        #expect(w.model.adminAgentRemedy(for: w.providerAdmin) == nil, "an admin agent needs nothing")
        let second = try #require(try w.run(.addUser(displayName: "Bea Global", userPrincipalName: "bea", roles: [.globalAdmin]),
                                            as: .user(w.providerAdmin)).createdId)
        #expect(w.model.adminAgentRemedy(for: second) == .giveYourself)
        #expect(w.model.adminAgentRemedy(for: second)?.hint.contains("select your name") == true)

        let sales = try #require(w.model.adminAgentRemedy(for: w.providerSales))
        #expect(sales == .askAGlobalAdmin(["Ana Lima", "Bea Global"]))
        #expect(sales.hint.contains("only a global admin can give you the role: ask Ana Lima or Bea Global"))
        #expect(!sales.hint.contains("select your name"), "a sales agent cannot give itself the role")
        #expect(w.model.globalAdmins(of: w.provider).map(\.displayName) == ["Ana Lima", "Bea Global"])
    }

    /// The first admin of a new provider is a global admin without Admin agent: told at once.
    @Test func aNewProvidersFirstAdminIsToldHowToOrder() throws {
        var w = World()
        let id = try #require(try w.run(.setUpProvider(Fixture.provider("Acme", prefix: "acme", mpn: "3000001")), as: .enrollee).createdId)
        let admin = try #require(w.model.users(of: id).first)
        #expect(w.model.adminAgentRemedy(for: admin.id) == .giveYourself)
    }
}
