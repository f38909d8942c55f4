// Crash-test helper with two modes.
//
// `partnerdash-crash-writer DIR`: opens (or creates) the workspace, then commits
// forever, printing each acknowledged sequence number on its own line as soon as
// `commit` returns. The test kills it with SIGKILL at random moments and checks every
// printed sequence survived. Every 40th commit is followed by a checkpoint, so crashes
// also land inside checkpoints.
//
// `partnerdash-crash-writer --invitations DIR`: invitations with their mail, forever
// (InvitationWriter.swift; OutboxKillTests).
//
// `partnerdash-crash-writer --conflicts LOCATION WRITER COUNT SEED`: one of several
// writers of a demo workspace at once (ConcurrentWritersTests, ConcurrentPostgresWritersTests).
// LOCATION is what `--data` takes (a directory, or `postgresql://…?workspace=NAME`),
// opened as the CLI opens it (`SharedWorkspace.open`). Signed in as the provider's
// admin, it makes COUNT changes chosen to conflict with the other writers': license
// counts of the same four subscriptions and new customers from one small set of tenant
// domains, through `Workspace.execute`, checkpointing often. It prints
// `ack <sequence> quantity <subscription> <n>` or `ack <sequence> customer <domain> new`
// once a change is durable, `refused <message>` for a refusal, `gaveup`/`unknown` when
// PostgreSQL could not say yes or no (see `execute`), then `done`; while PostgreSQL is
// unreachable it says `unavailable <reason>` and tries the change again once it answers.
// After `done` each `digest` line on stdin is answered with `digest <hex> <last sequence>`
// after catching up with the others.
//
// `--quantity-world LOCATION` and `--quantities LOCATION WRITER COUNT`: the benchmark's
// writers, for `scripts/writers` (QuantityWriter.swift); `--bare-disk DIRECTORY WRITER
// COUNT`: their peer, appends and syncs with no model (`BareDiskWriter`).
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerPostgres
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres

/// Unbuffered: a line the test reads must have been acknowledged, and nothing buffered may be lost by SIGKILL.
func say(_ text: String) {
    var bytes = Array((text + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
        if written <= 0 { exit(3) }
        offset += written
    }
}

/// A transaction that registers one membership profile: real events through `apply`, cheap to make.
func transaction(_ n: UInt64) -> Transaction {
    let mpn = String(5_000_000 + n)
    let profile = MembershipProfile(
        mpnId: mpn, organizationName: "Crash Test \(n)", country: "US", pmcUserName: "pmc\(n)@example.com",
        isActive: true, isCSPEnrolled: false, address: PostalAddress(line1: "\(n) Main St", city: "Denver", country: "US"))
    return Transaction(
        date: Date(timeIntervalSinceReferenceDate: Double(n)), userPrincipalName: "crash@example.com", accountId: nil,
        events: [.membershipProfileRegistered(profile)],
        audit: AuditEntry(operationType: .register_membership_profile, resourceName: mpn, newValue: mpn, involvedAccounts: []))
}

/// A reproducible generator (SplitMix64) for the writer's choices.
struct Choices {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// How long a writer waits for an unreachable PostgreSQL to answer again before giving up.
let reconnectPatience: Duration = .seconds(60)

/// Opens the workspace at `location` as the CLI does (`SharedWorkspace.open`); a server
/// that does not answer yet (restarting) is tried again until `reconnectPatience` runs out.
func openWorkspace(_ location: DataLocation, catalog: OfferCatalog) throws -> Workspace {
    let deadline = ContinuousClock.now + reconnectPatience
    while true {
        do {
            return try SharedWorkspace.open(location, catalog: catalog)
        } catch let error as PostgresStoreError {
            guard case .unreachable = error, ContinuousClock.now < deadline else { throw error }
        } catch let error as PostgresError where error.connectionLost {
            guard ContinuousClock.now < deadline else { throw error }
        }
        pauseBeforeRetrying()
    }
}

/// Between two attempts to reach a server that did not answer (a retry interval, not a wait for an event).
func pauseBeforeRetrying() {
    usleep(20_000)
}

func conflictingWriter(location: DataLocation, writer: Int, count: Int, seed: UInt64) throws {
    let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    let workspace = try openWorkspace(location, catalog: catalog)
    // Small, so that checkpoints (and the deletion of segments others may still read) happen often.
    workspace.checkpointThresholdBytes = 24 << 10
    guard let ana = workspace.model.user(principal: DemoWorld.providerAdmin) else {
        say("error no provider admin")
        exit(1)
    }
    if let refusal = workspace.refusalToSignIn(as: ana) {
        say("error \(refusal)")
        exit(1)
    }
    workspace.signedIn(as: ana)
    let targets = workspace.model.subscriptions.values.filter { $0.status == .active }
        .sorted { $0.id.description < $1.id.description }.prefix(4)
    var choices = Choices(state: seed &+ UInt64(writer) &* 7919)
    say("open \(workspace.model.lastSequence)")
    for _ in 0..<count {
        let command: Command
        let acknowledgement: (UInt64) -> String
        if choices.next(2) == 0, let subscription = targets.dropFirst(choices.next(targets.count)).first,
           let offer = catalog[subscription.offerId] {
            let quantity = offer.minimumQuantity + choices.next(max(1, min(offer.maximumQuantity, offer.minimumQuantity + 40) - offer.minimumQuantity + 1))
            command = .updateSubscription(subscription.id, SubscriptionChange(quantity: quantity))
            acknowledgement = { "ack \($0) quantity \(subscription.id) \(quantity)" }
        } else {
            let prefix = "race\(choices.next(120))"
            let customer = NewCustomer(
                companyName: "Race \(prefix)", domainPrefix: prefix, firstName: "Rae", lastName: "Writer",
                email: "it@\(prefix).example", phone: "+1 555 0142",
                address: PostalAddress(line1: "1 Main Street", city: "Springfield", state: "IL", postalCode: "62701", country: "US"))
            let offer = catalog.offers.first { !$0.isAzure && $0.minimumQuantity <= 1 } ?? catalog.offers[0]
            command = .addCustomer(customer, reseller: nil, cart: [CartLine(offerId: offer.id, quantity: max(1, offer.minimumQuantity))])
            acknowledgement = { "ack \($0) customer \(customer.domain) new" }
        }
        try execute(command, as: ana, in: workspace, acknowledgement: acknowledgement)
        do {
            _ = try workspace.checkpointIfDue()
        } catch let error as PostgresError where error.connectionLost {
            // The journal holds every change; the snapshot is written another time.
            say("unavailable checkpoint: \(error.message)")
        }
    }
    say("done")
    while let line = readLine() {
        guard line == "digest" else { continue }
        say(try digest(of: workspace))
    }
}

/// Decides and commits one change, printing what became of it:
/// `ack <sequence> …` once it is durable, `refused <field>: <message>` for a rule's
/// refusal, `gaveup <reason>` when other writers kept appending first (nothing was
/// written), `unknown <reason>` when the connection broke while it was being committed
/// and did not come back at once (it may be stored, at most once; it is not
/// acknowledged). While PostgreSQL is unreachable (`unavailable <reason>`, once per
/// outage) the change is tried again: nothing of it was written.
func execute(_ command: Command, as user: User, in workspace: Workspace, acknowledgement: (UInt64) -> String) throws {
    var outage: ContinuousClock.Instant?
    while true {
        do {
            try workspace.execute(command, as: .user(user.id))
            say(acknowledgement(workspace.model.lastSequence))
            return
        } catch let error as DomainError {
            say("refused \(error.field): \(error.message)")
            return
        } catch let error as PostgresStoreError {
            switch error {
            case .tooManyConflicts:
                say("gaveup \(error)")
                return
            case .outcomeUnknown:
                say("unknown \(error)")
                return
            case .unreachable:
                break
            }
            try waitOut(&outage, "\(error)")
        } catch StoreError.readOnly(let reason) where reason.contains("PostgreSQL") {
            try waitOut(&outage, reason)
        } catch let error as PostgresError where error.connectionLost {
            // Lost somewhere the store did not look the append up: it may be stored.
            say("unknown \(error.message)")
            return
        }
    }
}

/// Says `unavailable` once per outage, then pauses before the next attempt; throws once
/// the server has not answered for `reconnectPatience`.
func waitOut(_ outage: inout ContinuousClock.Instant?, _ reason: String) throws {
    let now = ContinuousClock.now
    if outage == nil {
        outage = now
        say("unavailable \(reason)")
    }
    if let since = outage, now - since > reconnectPatience {
        throw StoreError.readOnly(reason: "PostgreSQL did not answer for \(reconnectPatience): \(reason)")
    }
    pauseBeforeRetrying()
}

/// `digest <hex> <last sequence>` after reading what the others appended; a server that
/// cannot be read (the model would be stale) is tried again, then reported.
func digest(of workspace: Workspace) throws -> String {
    let deadline = ContinuousClock.now + reconnectPatience
    while true {
        try workspace.refresh()
        if workspace.backend.readOnlyReason == nil {
            return "digest \(try ModelDigest.hex(workspace.model)) \(workspace.model.lastSequence)"
        }
        guard ContinuousClock.now < deadline else {
            return "unavailable digest: \(workspace.backend.readOnlyReason ?? "")"
        }
        pauseBeforeRetrying()
    }
}

let arguments = CommandLine.arguments
if arguments.count == 6, arguments[1] == "--conflicts", let writer = Int(arguments[3]), let count = Int(arguments[4]),
   let seed = UInt64(arguments[5]) {
    do {
        try conflictingWriter(location: try DataLocation.parse(arguments[2]), writer: writer, count: count, seed: seed)
        exit(0)
    } catch {
        say("error \(error)")
        exit(1)
    }
}
if arguments.count == 5, arguments[1] == "--quantities", let writer = Int(arguments[3]), let count = Int(arguments[4]) {
    do {
        try quantityWriter(location: try DataLocation.parse(arguments[2]), writer: writer, count: count)
        exit(0)
    } catch {
        say("error \(error)")
        exit(1)
    }
}
if arguments.count == 5, arguments[1] == "--bare-disk", let count = Int(arguments[4]) {
    do {
        try bareDiskWriter(directory: arguments[2], count: count)
        exit(0)
    } catch {
        say("error \(error)")
        exit(1)
    }
}
if arguments.count == 3, arguments[1] == "--quantity-world" {
    do {
        try quantityWorld(location: try DataLocation.parse(arguments[2]))
        exit(0)
    } catch {
        say("error \(error)")
        exit(1)
    }
}
if arguments.count == 3, arguments[1] == "--invitations" {
    do { try invitationWriter(directory: arguments[2]) } catch {
        say("error \(error)")
        exit(1)
    }
}
guard arguments.count == 2 else {
    say("usage: partnerdash-crash-writer WORKSPACE-DIRECTORY")
    exit(2)
}
let directory = arguments[1]
do {
    let store = WorkspaceStore.exists(directory: directory)
        ? try WorkspaceStore.open(directory: directory)
        : try WorkspaceStore.create(directory: directory)
    say("open \(store.lastSequence)")
    var batch = 1
    while true {
        let first = store.lastSequence + 1
        let transactions = (0..<UInt64(batch)).map { transaction(first + $0) }
        let last = try store.commit(transactions)
        for sequence in first...last { say("\(sequence)") }
        if last % 40 < UInt64(batch) { try store.checkpoint() }
        batch = batch % 3 + 1
    }
} catch {
    say("error \(error)")
    exit(1)
}
