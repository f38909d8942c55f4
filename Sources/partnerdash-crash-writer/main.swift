// Crash-test helper: opens (or creates) the workspace given as the only
// argument, then commits forever, printing each acknowledged sequence number on
// its own line as soon as `commit` returns. The test kills it with SIGKILL at
// random moments and checks every printed sequence survived. Every 40th commit
// is followed by a checkpoint, so crashes also land inside checkpoints.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerStore

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

let arguments = CommandLine.arguments
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
