// Crash-test helper with two modes.
//
// `partnerdash-crash-writer DIR`: opens (or creates) the workspace, then commits
// forever, printing each acknowledged sequence number on its own line as soon as
// `commit` returns. The test kills it with SIGKILL at random moments and checks every
// printed sequence survived. Every 40th commit is followed by a checkpoint, so crashes
// also land inside checkpoints.
//
// `partnerdash-crash-writer --conflicts DIR WRITER COUNT SEED`: one of several writers
// of a demo workspace at once (ConcurrentWritersTests). Signed in as the provider's
// admin, it makes COUNT changes chosen to conflict with the other writers': license
// counts of the same four subscriptions and new customers from one small set of tenant
// domains, through `Workspace.execute`, checkpointing often. It prints
// `ack <sequence> quantity <subscription> <n>` or `ack <sequence> customer <domain> new`
// once a change is durable, `refused <message>` for a refusal, then `done`; after
// that each `digest` line on stdin is answered with `digest <hex> <last sequence>`
// after catching up with the others.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace

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

func conflictingWriter(directory: String, writer: Int, count: Int, seed: UInt64) throws {
    let catalog = OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
    let workspace = try Workspace.open(at: URL(fileURLWithPath: directory), catalog: catalog)
    // Small, so that checkpoints (and the deletion of segments others may still read) happen often.
    workspace.checkpointThresholdBytes = 24 << 10
    guard let ana = workspace.model.user(principal: DemoWorld.providerAdmin) else {
        say("error no provider admin")
        exit(1)
    }
    let targets = workspace.model.subscriptions.values.filter { $0.status == .active }
        .sorted { $0.id.description < $1.id.description }.prefix(4)
    var choices = Choices(state: seed &+ UInt64(writer) &* 7919)
    say("open \(workspace.model.lastSequence)")
    for _ in 0..<count {
        do {
            if choices.next(2) == 0, let subscription = targets.dropFirst(choices.next(targets.count)).first,
               let offer = catalog[subscription.offerId] {
                let quantity = offer.minimumQuantity + choices.next(max(1, min(offer.maximumQuantity, offer.minimumQuantity + 40) - offer.minimumQuantity + 1))
                try workspace.execute(.updateSubscription(subscription.id, SubscriptionChange(quantity: quantity)), as: .user(ana.id))
                say("ack \(workspace.model.lastSequence) quantity \(subscription.id) \(quantity)")
            } else {
                let prefix = "race\(choices.next(120))"
                let customer = NewCustomer(
                    companyName: "Race \(prefix)", domainPrefix: prefix, firstName: "Rae", lastName: "Writer",
                    email: "it@\(prefix).example", phone: "+1 555 0142",
                    address: PostalAddress(line1: "1 Main Street", city: "Springfield", state: "IL", postalCode: "62701", country: "US"))
                let offer = catalog.offers.first { !$0.isAzure && $0.minimumQuantity <= 1 } ?? catalog.offers[0]
                try workspace.execute(
                    .addCustomer(customer, reseller: nil, cart: [CartLine(offerId: offer.id, quantity: max(1, offer.minimumQuantity))]),
                    as: .user(ana.id))
                say("ack \(workspace.model.lastSequence) customer \(customer.domain) new")
            }
        } catch let error as DomainError {
            say("refused \(error.field): \(error.message)")
        }
        _ = try workspace.checkpointIfDue()
    }
    say("done")
    while let line = readLine() {
        guard line == "digest" else { continue }
        try workspace.refresh()
        say("digest \(ModelDigest.hex(workspace.model)) \(workspace.model.lastSequence)")
    }
}

let arguments = CommandLine.arguments
if arguments.count == 6, arguments[1] == "--conflicts", let writer = Int(arguments[3]), let count = Int(arguments[4]),
   let seed = UInt64(arguments[5]) {
    do {
        try conflictingWriter(directory: arguments[2], writer: writer, count: count, seed: seed)
        exit(0)
    } catch {
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
