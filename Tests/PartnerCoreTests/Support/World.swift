import Foundation
import PartnerCore
import Testing

/// A model driven only through real commands, with a clock that advances a minute per
/// accepted command and a journal-like list of every applied transaction.
@dynamicMemberLookup
struct World: Sendable {
    var model = PartnerModel()
    var fresh: SeededFreshValues
    var now: Date
    var sequence: UInt64 = 0
    var catalog: OfferCatalog
    /// Every transaction `apply` consumed, with its sequence number, in order.
    var journal: [Journaled] = []
    /// The named accounts and users of the standard world.
    var cast = Cast()

    struct Journaled: Sendable {
        var sequence: UInt64
        var transaction: Transaction
    }

    struct Cast: Sendable {
        static let none = Ident(high: 0, low: 0)
        var provider = none
        /// Global admin and admin agent.
        var providerAdmin = none
        /// Sales agent only: no admin agent role.
        var providerSales = none
        /// A second provider, with r1 as its reseller too.
        var otherProvider = none
        var otherProviderAdmin = none
        /// Active and in a partnership with `provider`.
        var r1 = Reseller(account: none, admin: none, mpnId: "", domain: "")
        var r2 = Reseller(account: none, admin: none, mpnId: "", domain: "")
        /// Active, but in no partnership.
        var r3 = Reseller(account: none, admin: none, mpnId: "", domain: "")
        /// Enrolled, email not verified.
        var pending = Reseller(account: none, admin: none, mpnId: "", domain: "")
        /// Verified, not reviewed.
        var underReview = Reseller(account: none, admin: none, mpnId: "", domain: "")
        /// Reviewed and rejected (country mismatch).
        var rejected = Reseller(account: none, admin: none, mpnId: "", domain: "")
    }

    subscript<T>(dynamicMember keyPath: KeyPath<Cast, T>) -> T { cast[keyPath: keyPath] }

    init(seed: UInt64 = 1, catalog: OfferCatalog = Fixture.catalog, now: Date = Fixture.start) {
        self.fresh = SeededFreshValues(seed: seed)
        self.catalog = catalog
        self.now = now
    }

    // MARK: Commands

    /// Decides without applying; the fresh values advance as in the program.
    mutating func decide(_ command: Command, as actor: Actor) throws(DomainError) -> Decision {
        var context = CommandContext(now: now, fresh: fresh, catalog: catalog)
        defer { fresh = context.fresh as! SeededFreshValues }
        return try model.decide(command, as: actor, context: &context)
    }

    /// Decides and applies: the receipt, or the refusal.
    @discardableResult
    mutating func run(_ command: Command, as actor: Actor) throws(DomainError) -> Receipt {
        let decision = try decide(command, as: actor)
        commit(decision.transaction)
        return decision.receipt
    }

    mutating func commit(_ transaction: Transaction) {
        sequence += 1
        model.apply(transaction, sequence: sequence)
        journal.append(Journaled(sequence: sequence, transaction: transaction))
        now += 60
    }

    mutating func draft(_ target: InvitationTarget, as actor: Actor) throws(DomainError) -> InvitationDraft {
        var context = CommandContext(now: now, fresh: fresh, catalog: catalog)
        defer { fresh = context.fresh as! SeededFreshValues }
        return try model.draftInvitation(to: target, as: actor, context: &context)
    }

    /// Drafts and sends an invitation with the unedited body.
    mutating func invite(_ target: InvitationTarget, as actor: Actor) throws(DomainError) -> (InvitationDraft, Receipt) {
        let d = try draft(target, as: actor)
        let receipt = try run(.sendInvitation(d, body: d.body), as: actor)
        return (d, receipt)
    }

    mutating func advance(days: Double) { now += days * 86_400 }

    // MARK: Building

    mutating func setUpProvider(_ name: String, prefix: String, mpn: String) throws(DomainError) -> (AccountID, UserID) {
        let receipt = try run(.setUpProvider(Fixture.provider(name, prefix: prefix, mpn: mpn)), as: .enrollee)
        let account = receipt.createdId!
        let admin = model.users(of: account)[0].id
        // Step 9: the first admin adds themselves to the admin agent group.
        try run(.setUserRoles(user: admin, roles: [.globalAdmin, .adminAgent]), as: .user(admin))
        return (account, admin)
    }

    /// Enrolls a reseller; returns it and the verification code read from the receipt's mail.
    mutating func enroll(_ name: String, prefix: String, mpn: String, country: String = "US")
        throws(DomainError) -> (Reseller, code: String)
    {
        let receipt = try run(.enrollReseller(Fixture.enrollment(name, prefix: prefix, mpn: mpn, country: country)), as: .enrollee)
        let account = receipt.createdId!
        let admin = model.users(of: account)[0].id
        let code = receipt.mail.first.flatMap(Fixture.verificationCode(in:)) ?? ""
        return (Reseller(account: account, admin: admin, mpnId: mpn, domain: "\(prefix).onmicrosoft.com"), code)
    }

    /// Profile, enrollment, verification and review; an approved reseller's admin also
    /// becomes an admin agent.
    mutating func activeReseller(_ name: String, prefix: String, mpn: String, country: String = "US")
        throws(DomainError) -> Reseller
    {
        try run(.registerMembershipProfile(Fixture.profile(mpn: mpn, name: name, country: country)), as: .enrollee)
        let (reseller, code) = try enroll(name, prefix: prefix, mpn: mpn, country: country)
        try run(.verifyEnrollmentEmail(account: reseller.account, code: code), as: reseller.actor)
        try run(.reviewEnrollment(account: reseller.account), as: reseller.actor)
        try run(.setUserRoles(user: reseller.admin, roles: [.globalAdmin, .adminAgent]), as: reseller.actor)
        return reseller
    }

    /// Partnership invitation drafted by the provider, sent unedited, authorized by the reseller.
    mutating func connect(provider admin: UserID, reseller: Reseller) throws(DomainError) {
        let (d, _) = try invite(.reseller(reseller.account), as: .user(admin))
        try run(.authorizeProvider(invitation: d.id, token: d.link.token, authorized: true), as: reseller.actor)
    }

    /// The provider adds a customer for a reseller (or none) with one line of M365.
    mutating func addCustomer(_ prefix: String, for reseller: AccountID?, quantity: Int = 10,
                              as actor: Actor? = nil) throws(DomainError) -> (CustomerID, Receipt) {
        let receipt = try run(.addCustomer(Fixture.customer(prefix), reseller: reseller,
                                           cart: [CartLine(offerId: Fixture.m365.id, quantity: quantity)]),
                              as: actor ?? .user(cast.providerAdmin))
        return (receipt.createdId!, receipt)
    }

    static func makeStandard() throws(DomainError) -> World {
        var w = World()
        (w.cast.provider, w.cast.providerAdmin) = try w.setUpProvider("Northwind Distribution", prefix: "northwind", mpn: "1000001")
        w.cast.providerSales = try w.run(.addUser(displayName: "Sam Sales", userPrincipalName: "sam", roles: [.salesAgent]),
                                         as: .user(w.cast.providerAdmin)).createdId!
        (w.cast.otherProvider, w.cast.otherProviderAdmin) = try w.setUpProvider("Fabrikam Supply", prefix: "fabrikam", mpn: "1000002")
        w.cast.r1 = try w.activeReseller("Contoso Resale", prefix: "contoso", mpn: "2000001")
        w.cast.r2 = try w.activeReseller("Litware Partners", prefix: "litware", mpn: "2000002")
        w.cast.r3 = try w.activeReseller("Tailspin IT", prefix: "tailspin", mpn: "2000003")
        try w.connect(provider: w.cast.providerAdmin, reseller: w.cast.r1)
        try w.connect(provider: w.cast.providerAdmin, reseller: w.cast.r2)
        try w.connect(provider: w.cast.otherProviderAdmin, reseller: w.cast.r1)

        w.cast.pending = try w.enroll("Pending Co", prefix: "pendingco", mpn: "2000004").0
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "2000005", name: "Review Co")), as: .enrollee)
        let (review, code) = try w.enroll("Review Co", prefix: "reviewco", mpn: "2000005")
        try w.run(.verifyEnrollmentEmail(account: review.account, code: code), as: review.actor)
        w.cast.underReview = review
        try w.run(.registerMembershipProfile(Fixture.profile(mpn: "2000006", name: "Rejected Co", country: "DE")), as: .enrollee)
        let (rejected, code2) = try w.enroll("Rejected Co", prefix: "rejectedco", mpn: "2000006", country: "US")
        try w.run(.verifyEnrollmentEmail(account: rejected.account, code: code2), as: rejected.actor)
        try w.run(.reviewEnrollment(account: rejected.account), as: rejected.actor)
        w.cast.rejected = rejected
        return w
    }

    /// Built once; each test takes its own copy (a value).
    static let standardResult: Result<World, DomainError> = Result(catching: { () throws(DomainError) -> World in try makeStandard() })

    static func standard() throws -> World { try standardResult.get() }
}

// MARK: - Expectations

extension World {
    /// Expects `command` to be refused with this kind, field and rule, leaving the model and
    /// the journal as they were. Returns the error for further checks.
    @discardableResult
    mutating func expectRefusal(_ command: Command, as actor: Actor, _ kind: DomainError.Kind, field: String,
                                rule: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> DomainError? {
        let before = model, count = journal.count
        do {
            let receipt = try run(command, as: actor)
            Issue.record("expected a refusal (\(kind) \(field)), got: \(receipt.message)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
            #expect(model == before, "a refusal changed the model", sourceLocation: sourceLocation)
            #expect(journal.count == count, sourceLocation: sourceLocation)
            return error
        }
    }

    @discardableResult
    mutating func expectDraftRefusal(_ target: InvitationTarget, as actor: Actor, _ kind: DomainError.Kind, field: String,
                                     rule: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> DomainError? {
        let before = model
        do {
            _ = try draft(target, as: actor)
            Issue.record("expected the draft to be refused (\(kind) \(field))", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
            #expect(model == before, sourceLocation: sourceLocation)
            return error
        }
    }

    /// Replays the journal onto an empty model.
    func replayed() -> PartnerModel {
        var m = PartnerModel()
        for entry in journal { m.apply(entry.transaction, sequence: entry.sequence) }
        return m
    }

    /// The model rebuilt from its entities, as a snapshot load does.
    func rebuiltFromSnapshot() -> PartnerModel {
        let m = model
        return PartnerModel(accounts: Array(m.accounts.values), users: Array(m.users.values),
                            membershipProfiles: Array(m.membershipProfiles.values), listings: m.listings,
                            changeRequests: Array(m.changeRequests.values), invitations: Array(m.invitations.values),
                            partnerships: Array(m.partnerships.values), customers: Array(m.customers.values),
                            orders: Array(m.orders.values), subscriptions: Array(m.subscriptions.values),
                            auditLog: m.auditLog, lastSequence: m.lastSequence)
    }
}
