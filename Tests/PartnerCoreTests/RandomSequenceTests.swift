import Foundation
import PartnerCore
import PropertyBased
import Testing

/// Random command sequences from random actors. Refusals are expected; after every step
/// the model's invariants hold, and at the end the journal replays to the same model.
@Suite("Random command sequences")
struct RandomSequenceTests {
    @Test func invariantsHoldAndTheJournalReplays() async throws {
        var base = try World.standard()
        base.catalog = Family.catalog
        var tally = Tally()
        await propertyCheck(count: 40, input: Gen<UInt64>.value().withoutShrink().array(of: 40...80)) { steps in
            var sim = Simulation(world: base)
            for (i, step) in steps.enumerated() {
                sim.step(step)
                let problems = try sim.world.model.invariantViolations(catalog: sim.world.catalog) + sim.world.model.termEndViolations()
                    + sim.world.model.namedResellerViolations()
                    + sim.problems
                #expect(problems.isEmpty, "after step \(i) (\(sim.last)): \(problems)")
                if !problems.isEmpty {
                    tally.broken = true
                    break
                }
            }
            #expect(sim.world.replayed() == sim.world.model, "replaying the journal gives the live model")
            let rebuilt = sim.world.rebuiltFromSnapshot()
            #expect(rebuilt == sim.world.model)
            #expect(rebuilt.invariantViolations(catalog: sim.world.catalog) == [])
            tally.merge(sim.tally)
        }
        // The generator must reach both outcomes of the interesting commands, or the test proves little.
        // (Only when every run held: a run cut short by a failure says nothing about coverage.)
        if tally.runs > 1, !tally.broken {
            for kind in ["partnership", "authorize", "customerInvite", "consent", "addCustomer", "placeOrder",
                         "updateSubscription", "removeRelationship", "withdraw", "decline", "subscriptionTerm"] {
                #expect(tally.accepted[kind, default: 0] > 0, "\(kind) never accepted: \(tally)")
                #expect(tally.refused[kind, default: 0] > 0, "\(kind) never refused: \(tally)")
            }
            for rule in [1, 2, 3, 6, 7, 8, 9, 11] {
                #expect(tally.rules[rule, default: 0] > 0, "no refusal exercised rule \(rule): \(tally)")
            }
        }
    }
}

struct Tally: CustomStringConvertible {
    var runs = 0
    var broken = false
    var accepted: [String: Int] = [:]
    var refused: [String: Int] = [:]
    var rules: [Int: Int] = [:]

    mutating func merge(_ other: Tally) {
        runs += 1
        accepted.merge(other.accepted, uniquingKeysWith: +)
        refused.merge(other.refused, uniquingKeysWith: +)
        rules.merge(other.rules, uniquingKeysWith: +)
    }

    var description: String { "accepted \(accepted.sorted { $0.key < $1.key }), refused \(refused.sorted { $0.key < $1.key }), rules \(rules.sorted { $0.key < $1.key })" }
}

/// Seeded by one step's seed: every choice a step makes comes from it.
typealias StepRandom = SeededFreshValues

extension SeededFreshValues {
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
    mutating func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[Int.random(in: 0..<items.count, using: &self)] }
}

struct Simulation {
    var world: World
    var tally = Tally()
    /// Problems found by checks that need the history, not just the final state.
    var problems: [String] = []
    var last = ""
    /// Tokens of every invitation sent during the run.
    var tokens: [InvitationID: String] = [:]
    var acceptances: [InvitationID: Int] = [:]

    static let unknown = Ident(high: 0xbad, low: 0xbad)
    static let prefixes = (0..<24).map { "cust\($0)" }

    init(world: World) { self.world = world }

    var model: PartnerModel { world.model }

    var userActors: [Actor] {
        [.user(world.providerAdmin), .user(world.providerSales), .user(world.otherProviderAdmin),
         world.r1.actor, world.r2.actor, world.r3.actor, world.pending.actor]
            + model.users.keys.sorted().filter { id in
                ![world.providerAdmin, world.providerSales, world.otherProviderAdmin, world.r1.admin, world.r2.admin,
                  world.r3.admin, world.pending.admin].contains(id)
            }.prefix(4).map { .user($0) }
    }

    var accountIds: [AccountID] { model.accounts.keys.sorted() + [Self.unknown] }
    var resellerChoices: [AccountID] { [world.r1.account, world.r2.account, world.r3.account, world.pending.account, world.provider, Self.unknown] }
    var invitationIds: [InvitationID] { model.invitations.keys.sorted() + [Self.unknown] }
    var customerIds: [CustomerID] { model.customers.keys.sorted() + [Self.unknown] }
    var subscriptionIds: [SubscriptionID] { model.subscriptions.keys.sorted() + [Self.unknown] }

    mutating func step(_ seed: UInt64) {
        var r = StepRandom(seed: seed)
        let actor = r.pick(userActors)!
        recordTermEnds()
        switch Int.random(in: 0..<100, using: &r) {
        case 0..<10: requestPartnership(&r, actor)
        case 10..<20: authorize(&r)
        case 20..<28: inviteCustomer(&r, actor)
        case 28..<38: consent(&r)
        case 38..<42: decline(&r)
        case 42..<46: withdraw(&r, actor)
        case 46..<58: addCustomer(&r, actor)
        case 58..<68: placeOrder(&r, actor)
        case 68..<81: updateSubscription(&r, actor)
        case 81..<90: removeRelationship(&r, actor)
        case 90..<92: setRoles(&r, actor)
        case 92..<94: addUser(&r, actor)
        case 94..<98: subscriptionTerm(&r, actor)
        default:
            let days = r.chance(20) ? 31.0 : Double(Int.random(in: 0...5, using: &r))
            world.advance(days: days)
            last = "advance \(days) days"
        }
    }

    // MARK: Steps

    /// Invitations still open at `now`, most of the time; any invitation (or none) otherwise.
    func someInvitation(_ r: inout StepRandom, _ wanted: (Invitation) -> Bool) -> InvitationID {
        let open = model.invitations.values.filter { wanted($0) && $0.effectiveStatus(at: world.now) == .pending }.map(\.id).sorted()
        return r.chance(80) ? (r.pick(open) ?? Self.unknown) : r.pick(invitationIds)!
    }

    var providerAdmins: [Actor] { [.user(world.providerAdmin), .user(world.otherProviderAdmin)] }

    mutating func requestPartnership(_ r: inout StepRandom, _ actor: Actor) {
        let target = r.chance(60) ? world.r3.account : r.pick(resellerChoices)!
        let actor = r.chance(75) ? r.pick(providerAdmins)! : actor
        last = "partnership \(actor) → \(target.short)"
        send(&r, .reseller(target), as: actor, kind: "partnership")
    }

    mutating func inviteCustomer(_ r: inout StepRandom, _ actor: Actor) {
        let email = "it@\(r.pick(Self.prefixes)!).example"
        let target: InvitationTarget = r.chance(50)
            ? .customerWithProvider(email: email, provider: r.pick([world.provider, world.otherProvider, world.r1.account])!)
            : .customer(email: email, existing: r.chance(40) ? r.pick(customerIds) : nil)
        last = "customer invitation \(actor) \(target)"
        send(&r, target, as: actor, kind: "customerInvite")
    }

    mutating func send(_ r: inout StepRandom, _ target: InvitationTarget, as actor: Actor, kind: String) {
        var draft: InvitationDraft
        do { draft = try world.draft(target, as: actor) } catch {
            refused(kind, error)
            return
        }
        // Now and then the caller tampers with the draft it holds: Done must not trust it.
        if r.chance(8) {
            draft.kind = r.pick(Invitation.Kind.allCases)!
            draft.toAccountId = r.chance(50) ? r.pick(resellerChoices) : nil
            draft.providerId = r.chance(50) ? r.pick([world.provider, world.otherProvider, world.r1.account]) : nil
            draft.customerId = r.chance(30) ? r.pick(customerIds) : nil
        }
        let body: String
        switch Int.random(in: 0..<10, using: &r) {
        case 0: body = draft.body.replacingOccurrences(of: draft.link.description, with: "")
        case 1: body = "Edited: please follow \(draft.link) today."
        case 2: body = draft.body.replacingOccurrences(of: draft.link.token, with: "tampered")
        default: body = draft.body
        }
        let hasLink = body.contains(draft.link.description)
        if let receipt = attempt(.sendInvitation(draft, body: body), as: actor, kind: kind) {
            tokens[draft.id] = draft.token
            if !hasLink { problems.append("rule 3: an invitation without its link was sent") }
            if receipt.mail.map(\.body) != [body] { problems.append("rule 3: the sent mail is not the edited body") }
        }
    }

    mutating func token(_ r: inout StepRandom, for id: InvitationID) -> String? {
        switch Int.random(in: 0..<10, using: &r) {
        case 0: return nil
        case 1: return r.pick(Array(tokens.values).sorted()) ?? "nope"
        case 2: return "wrong"
        default: return tokens[id] ?? "unknown"
        }
    }

    mutating func authorize(_ r: inout StepRandom) {
        let id = someInvitation(&r) { $0.kind == .partnership }
        let invited = model.invitations[id]?.toAccountId
        let actor: Actor = r.chance(75) ? (model.users(of: invited ?? Self.unknown).first.map { .user($0.id) } ?? world.r3.actor)
                                        : r.pick(userActors)!
        let tok = token(&r, for: id)
        last = "authorize \(id.short) as \(actor)"
        _ = attempt(.authorizeProvider(invitation: id, token: tok, authorized: r.chance(90)), as: actor, kind: "authorize")
    }

    mutating func consent(_ r: inout StepRandom) {
        let id = someInvitation(&r) { $0.kind != .partnership }
        let tok = token(&r, for: id) ?? "missing"
        let answer: CustomerConsent
        if r.chance(40), let existing = r.pick(model.customers.values.map(\.companyProfile.domain).sorted()) {
            answer = .existing(domain: existing)
        } else {
            answer = .new(Fixture.customer(r.pick(Self.prefixes)!))
        }
        last = "consent \(id.short) \(answer)"
        // Mostly as the address the link went to (or the existing customer's billing email); sometimes not.
        let invited = model.invitations[id]?.email ?? "it@x.example"
        let email: String
        if case .existing(let domain) = answer, r.chance(50), let billing = model.customer(withDomain: domain)?.billingProfile.email {
            email = billing
        } else {
            email = r.chance(85) ? invited : "it@x.example"
        }
        _ = attempt(.consentToInvitation(id, token: tok, customer: answer), as: .customer(email: email), kind: "consent")
    }

    mutating func decline(_ r: inout StepRandom) {
        let id = someInvitation(&r) { _ in true }
        let actor: Actor = model.invitations[id]?.kind.isForCustomer == true && r.chance(80) ? .customer(email: "it@x.example")
            : (model.invitations[id]?.toAccountId.flatMap { model.users(of: $0).first }.map { .user($0.id) } ?? r.pick(userActors)!)
        last = "decline \(id.short) as \(actor)"
        _ = attempt(.declineInvitation(id, token: token(&r, for: id)), as: actor, kind: "decline")
    }

    mutating func withdraw(_ r: inout StepRandom, _ actor: Actor) {
        let id = someInvitation(&r) { _ in true }
        let sender = model.invitations[id].flatMap { model.users(of: $0.fromAccountId).first }.map { Actor.user($0.id) }
        let who = r.chance(70) ? (sender ?? actor) : actor
        last = "withdraw \(id.short) as \(who)"
        _ = attempt(.withdrawInvitation(id), as: who, kind: "withdraw")
    }

    func cart(_ r: inout StepRandom) -> [CartLine] {
        (0..<(r.chance(5) ? 0 : Int.random(in: 1...3, using: &r))).map { _ in
            let offer = r.pick(world.catalog.offers)!
            let quantity = r.chance(92) ? Int.random(in: offer.quantityRange, using: &r)
                : r.pick([offer.minimumQuantity - 1, offer.maximumQuantity + 1, 0, -3])!
            let partner: AccountID? = r.chance(30) ? (r.chance(50) ? r.pick([world.r1.account, world.r2.account]) : r.pick(resellerChoices)) : nil
            return CartLine(offerId: r.chance(97) ? offer.id : "retired", quantity: quantity, partnerOfRecord: partner)
        }
    }

    mutating func addCustomer(_ r: inout StepRandom, _ actor: Actor) {
        let who = r.chance(70) ? r.pick(providerAdmins)! : actor
        let partners = signedInAccount(who).map { model.activeResellers(of: $0).map(\.id) } ?? []
        let reseller: AccountID? = r.chance(15) ? nil : r.chance(60) ? r.pick(partners) : r.pick(resellerChoices)
        let details = Fixture.customer(r.pick(Self.prefixes)!)
        let lines = cart(&r)
        last = "addCustomer \(details.domainPrefix) for \(reseller?.short ?? "-") as \(who)"
        guard let receipt = attempt(.addCustomer(details, reseller: reseller, cart: lines), as: who, kind: "addCustomer"),
              let id = receipt.createdId, let customer = model.customers[id] else { return }
        // Rule 4: reseller and provider are resellers of record, together with the order and subscriptions.
        if case .user(let u) = who, let provider = model.users[u]?.accountId {
            let expected = Set([provider] + (reseller.map { [$0] } ?? []))
            if Set(customer.relationships.map(\.partnerId)) != expected { problems.append("rule 4: wrong resellers of record") }
        }
        if model.subscriptions(of: id).count != lines.count { problems.append("rule 4: subscriptions missing") }
        if customer.associatedPartnerId != reseller { problems.append("rule 4: associatedPartnerId") }
        guard let password = receipt.customerAdmin?.temporaryPassword, password.count == 16 else {
            problems.append("rule 5: no temporary password")
            return
        }
        if String(describing: world.journal.last!.transaction).contains(password) { problems.append("rule 5: password journaled") }
    }

    mutating func placeOrder(_ r: inout StepRandom, _ actor: Actor) {
        let who = r.chance(70) ? r.pick(providerAdmins)! : actor
        let own = signedInAccount(who).map { model.customerIds(visibleTo: $0).sorted() } ?? []
        let id = r.chance(70) ? (r.pick(own) ?? Self.unknown) : r.pick(customerIds)!
        let lines = cart(&r)
        let wasRoR = signedInAccount(who).map { model.customers[id]?.isResellerOfRecord($0) == true } ?? false
        last = "placeOrder \(id.short) as \(who)"
        if attempt(.placeOrder(customer: id, cart: lines), as: who, kind: "placeOrder") != nil, !wasRoR {
            problems.append("rule 6: ordered for a customer without being its reseller of record")
        }
    }

    mutating func updateSubscription(_ r: inout StepRandom, _ actor: Actor) {
        let id = r.pick(subscriptionIds)!
        var change = SubscriptionChange()
        if r.chance(40), let sub = model.subscriptions[id], let offer = world.catalog[sub.offerId] {
            change.quantity = r.chance(85) ? Int.random(in: offer.quantityRange, using: &r) : offer.maximumQuantity + 1
        }
        if r.chance(50) { change.status = r.pick([.active, .suspended, .suspended, .suspended, .deleted]) }
        if r.chance(20) { change.partnerOfRecord = .some(r.chance(20) ? nil : r.pick(resellerChoices)) }
        if r.chance(20) { change.supportContact = .some(r.chance(20) ? nil : r.pick(resellerChoices)) }
        if r.chance(10) { change.autoRenewEnabled = r.chance(50) }
        let customer = model.subscriptions[id]?.customerId
        let who: Actor
        if r.chance(60), let customer, let partner = r.pick(model.customers[customer]?.relationships.map(\.partnerId) ?? []),
           let user = model.users(of: partner).first(where: \.isAdminAgent) {
            who = .user(user.id)
        } else {
            who = actor
        }
        let visible = signedInAccount(who).map { a in customer.map { model.customer($0, visibleTo: a) != nil } ?? false } ?? false
        last = "updateSubscription \(id.short) \(change) as \(who)"
        if attempt(.updateSubscription(id, change), as: who, kind: "updateSubscription") != nil, !visible {
            problems.append("rule 6: changed a subscription of a customer it is not reseller of record for")
        }
    }

    /// Rule 11: cancel, upgrade or schedule, mostly by one of the customer's partners.
    mutating func subscriptionTerm(_ r: inout StepRandom, _ actor: Actor) {
        let id = r.pick(subscriptionIds)!
        let customer = model.subscriptions[id]?.customerId
        let model = self.model
        let partnerAgent = customer.flatMap { c in
            model.customers[c]?.relationships.compactMap { model.users(of: $0.partnerId).first(where: \.isAdminAgent) }.first
        }
        let who = r.chance(70) ? (partnerAgent.map { Actor.user($0.id) } ?? actor) : actor
        let offer = r.pick(world.catalog.offers.map(\.id))!
        let command: Command
        switch Int.random(in: 0..<3, using: &r) {
        case 0: command = .cancelSubscription(id)
        case 1: command = .upgradeSubscription(id, offerId: offer)
        default:
            command = .scheduleNextTerm(id, r.chance(20) ? nil : NextTermInstructions(offerId: r.chance(50) ? offer : nil,
                                                                                    quantity: Int.random(in: 1...40, using: &r)))
        }
        let visible = signedInAccount(who).map { a in customer.map { model.customer($0, visibleTo: a) != nil } ?? false } ?? false
        last = "\(command) as \(who)"
        if attempt(command, as: who, kind: "subscriptionTerm") != nil, !visible {
            problems.append("rule 6: changed a subscription of a customer it is not reseller of record for")
        }
    }

    /// The terms that ended by now renew or expire before anything else happens, as a
    /// workspace does before each change.
    mutating func recordTermEnds() {
        let recorder = TermEndRecorder(userPrincipalName: "ana@northwind.onmicrosoft.com", accountId: world.provider)
        for transaction in model.termEndTransactions(dueBy: world.now, catalog: world.catalog, recordedFor: recorder) {
            world.commit(transaction)
        }
    }

    mutating func removeRelationship(_ r: inout StepRandom, _ actor: Actor) {
        let removable = model.customers.values.filter { c in model.subscriptions(of: c.id).allSatisfy { $0.status != .active } }
        let id = r.chance(75) ? (r.pick(removable.map(\.id).sorted()) ?? r.pick(customerIds)!) : r.pick(customerIds)!
        let partners = model.customers[id]?.relationships.map(\.partnerId) ?? []
        let partner = r.chance(80) ? (r.pick(partners) ?? Self.unknown) : r.pick(accountIds)!
        // Mostly the partner itself, or a provider among the customer's resellers of record.
        let remover = r.chance(60) ? partner : (r.pick(partners) ?? Self.unknown)
        let who: Actor = r.chance(80) ? (model.users(of: remover).first(where: \.isAdminAgent).map { .user($0.id) } ?? actor) : actor
        let allSuspended = model.subscriptions(of: id).allSatisfy { $0.status != .active }
        last = "removeRelationship \(id.short) \(partner.short) as \(who)"
        if attempt(.removeResellerRelationship(customer: id, partner: partner), as: who, kind: "removeRelationship") != nil, !allSuspended {
            problems.append("rule 8: removed a reseller of record with an active subscription")
        }
    }

    mutating func setRoles(_ r: inout StepRandom, _ actor: Actor) {
        let target = r.pick(model.users.keys.sorted())!
        var roles: Set<User.Role> = []
        if r.chance(80) { roles.insert(.adminAgent) }
        if r.chance(60) { roles.insert(.globalAdmin) }
        if r.chance(30) { roles.insert(.salesAgent) }
        last = "setUserRoles \(target.short) \(roles.sorted()) as \(actor)"
        _ = attempt(.setUserRoles(user: target, roles: roles), as: actor, kind: "setUserRoles")
    }

    mutating func addUser(_ r: inout StepRandom, _ actor: Actor) {
        let name = "user\(Int.random(in: 0..<6, using: &r))"
        let roles: Set<User.Role> = r.chance(50) ? [.adminAgent] : [.salesAgent]
        last = "addUser \(name) as \(actor)"
        _ = attempt(.addUser(displayName: name, userPrincipalName: name, roles: roles), as: actor, kind: "addUser")
    }

    // MARK: Running

    func signedInAccount(_ actor: Actor) -> AccountID? {
        guard case .user(let id) = actor else { return nil }
        return model.users[id]?.accountId
    }

    /// Runs a command; checks what every accepted command must satisfy, whatever it is.
    mutating func attempt(_ command: Command, as actor: Actor, kind: String) -> Receipt? {
        let before = model
        let actsForCustomers: Bool
        switch command {
        case .addCustomer, .placeOrder, .updateSubscription, .removeResellerRelationship, .cancelSubscription, .upgradeSubscription,
             .scheduleNextTerm: actsForCustomers = true
        default: actsForCustomers = false
        }
        let wasAdminAgent: Bool
        if case .user(let id) = actor { wasAdminAgent = model.users[id]?.isAdminAgent == true } else { wasAdminAgent = false }
        let decision: Decision
        do {
            decision = try world.decide(command, as: actor)
        } catch {
            refused(kind, error)
            if world.model != before { problems.append("a refusal changed the model") }
            return nil
        }
        // Invitations leave pending once, and are accepted at most once (rule 7).
        for event in decision.transaction.events {
            guard case .invitationUpdated(let inv) = event else { continue }
            if let old = model.invitations[inv.id], old.status != .pending {
                problems.append("rule 7: invitation \(inv.id.short) changed after it was \(old.status)")
            }
            if let old = model.invitations[inv.id], inv.status == .accepted, old.effectiveStatus(at: world.now) != .pending {
                problems.append("rule 7: invitation \(inv.id.short) accepted while \(old.effectiveStatus(at: world.now))")
            }
            if inv.status == .accepted {
                switch command {
                case .authorizeProvider where inv.kind != .partnership, .consentToInvitation where inv.kind == .partnership:
                    problems.append("rule 7: a \(inv.kind) invitation accepted through \(kind)")
                default: break
                }
                acceptances[inv.id, default: 0] += 1
                if acceptances[inv.id]! > 1 { problems.append("rule 7: invitation \(inv.id.short) accepted twice") }
            }
        }
        if actsForCustomers, !wasAdminAgent { problems.append("rule 9: \(kind) accepted from a user without admin agent") }
        let auditCount = model.auditLog.count
        world.commit(decision.transaction)
        // Rule 10: exactly one record, naming who did it.
        if model.auditLog.count != auditCount + 1 || model.auditLog.last?.sequence != world.sequence
            || model.auditLog.last?.userPrincipalName != decision.transaction.userPrincipalName
            || model.auditLog.last?.userPrincipalName.isEmpty != false {
            problems.append("rule 10: the audit record does not match the transaction")
        }
        if model.auditLog.count != world.journal.count { problems.append("rule 10: one audit record per transaction") }
        tally.accepted[kind, default: 0] += 1
        return decision.receipt
    }

    mutating func refused(_ kind: String, _ error: DomainError) {
        tally.refused[kind, default: 0] += 1
        if let rule = error.rule { tally.rules[rule, default: 0] += 1 }
        if error.message.isEmpty || error.field.isEmpty { problems.append("a refusal without a field or message: \(error)") }
    }
}
