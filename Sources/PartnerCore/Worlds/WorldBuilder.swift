import Foundation

/// Builds a world by running real commands in memory, so demo and synthetic workspaces
/// obey every rule and carry a real audit trail. The store journals (or snapshots) what
/// it produced.
public struct WorldBuilder {
    public private(set) var model = PartnerModel()
    public private(set) var transactions: [Transaction] = []
    /// Mail the commands sent, with the sequence of the change that sent it and the time
    /// (the workspace writes the outbox).
    public private(set) var outbox: [(sequence: UInt64, date: Date, mail: OutgoingMail)] = []
    public var context: CommandContext
    /// Whether to keep each transaction (the demo journals them; gen only needs the model).
    public var keepsTransactions: Bool
    /// Whether each change first renews or expires the terms that ended (rule 11), as a
    /// workspace does. `gen` turns it off and records them once at its end: renewing a
    /// monthly term every simulated month would write millions of records nobody reads.
    public var recordsTermEndsBeforeEachChange = true

    public init(context: CommandContext, keepsTransactions: Bool = true) {
        self.context = context
        self.keepsTransactions = keepsTransactions
    }

    /// Runs `command` as a workspace does (`Workspace.execute`): the terms that ended by
    /// now renew or expire first for a user, after the change for anyone else (rule 11).
    @discardableResult
    public mutating func run(_ command: Command, as actor: Actor) throws(DomainError) -> Receipt {
        let recorder = recordsTermEndsBeforeEachChange ? model.termEndRecorder(for: actor) : nil
        if let recorder { recordTermEnds(for: recorder) }
        let decision = try model.decide(command, as: actor, context: &context)
        append(decision.transaction)
        for mail in decision.receipt.mail { outbox.append((model.lastSequence, context.now, mail)) }
        if recorder == nil, recordsTermEndsBeforeEachChange { recordTermEnds(for: decision.transaction.termEndRecorder) }
        return decision.receipt
    }

    /// Renews or expires the terms that ended by `context.now`.
    public mutating func recordTermEnds(for recorder: TermEndRecorder) {
        for transaction in model.termEndTransactions(dueBy: context.now, catalog: context.catalog, recordedFor: recorder) {
            append(transaction)
        }
    }

    private mutating func append(_ transaction: Transaction) {
        model.apply(transaction, sequence: model.lastSequence + 1)
        if keepsTransactions { transactions.append(transaction) }
    }

    /// Sends a drafted invitation with its default body.
    @discardableResult
    public mutating func invite(_ target: InvitationTarget, as actor: Actor) throws(DomainError) -> InvitationDraft {
        let draft = try model.draftInvitation(to: target, as: actor, context: &context)
        try run(.sendInvitation(draft, body: draft.body), as: actor)
        return draft
    }

    public mutating func advance(days: Double) {
        context.now = context.now.addingTimeInterval(days * 86_400)
    }

    /// Enrolls a reseller all the way to active (profile registered, email verified, reviewed).
    @discardableResult
    public mutating func enrollActiveReseller(_ e: ResellerEnrollment, country: String) throws(DomainError) -> (AccountID, UserID) {
        try run(.registerMembershipProfile(MembershipProfile(
            mpnId: e.mpnId, organizationName: e.legalName, country: country, pmcUserName: e.pmcUserName,
            isActive: true, isCSPEnrolled: false, address: e.address)), as: .enrollee)
        let receipt = try run(.enrollReseller(e), as: .enrollee)
        guard let account = receipt.createdId, let admin = model.users.values.first(where: { $0.accountId == account }) else {
            throw DomainError(.notFound, field: "account", "enrollment created no account")
        }
        try run(.verifyEnrollmentEmail(account: account, code: receipt.verificationCode ?? ""), as: .user(admin.id))
        try run(.reviewEnrollment(account: account), as: .user(admin.id))
        try run(.setUserRoles(user: admin.id, roles: [.globalAdmin, .adminAgent]), as: .user(admin.id))
        return (account, admin.id)
    }
}

/// Word lists for realistic names (Resources/demo/names.json), with accented and CJK entries.
public struct WorldNames: Decodable, Sendable {
    public var companyWords: [String]
    public var companyKinds: [String]
    public var firstNames: [String]
    public var lastNames: [String]
    /// city, state, postal code, country, culture
    public var cities: [[String]]
    public var streets: [String]
}
