#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import PartnerResources
import PartnerWorkspace
import PartnerWorkspacePostgres

/// `partnerdash-crash-writer --quantity-world DIR`: the benchmark's writers workspace (the
/// demo world built at the bench's fixed date and seed) in a new directory.
///
/// `partnerdash-crash-writer --quantities LOCATION WRITER COUNT`: one of the benchmark's
/// writer processes (`partnerdash-bench --only writers`, WriterProcesses.swift) in this
/// package's build, so that the CPU of a command can be measured and profiled on the
/// code being changed (`scripts/writers`): opens LOCATION as the CLI does, says `ready`,
/// waits for `go` on stdin, then changes the quantity of one of the first eight live
/// subscriptions COUNT times through `Workspace.execute`, as the bench's writers do, and
/// prints `result <written> <refused> <start ns> <end ns> <CPU seconds>` (CLOCK_MONOTONIC,
/// which every process shares; CPU is user + system since `go`).
func quantityWorld(directory: String) throws {
    let catalog = try benchCatalog()
    let names = try JSONDecoder().decode(WorldNames.self, from: PartnerResources.data("demo/names.json"))
    let world = try DemoWorld.build(names: names, catalog: catalog, now: Date(timeIntervalSince1970: 1_790_000_000),
                                    fresh: SeededFreshValues(seed: 1))
    try Workspace.create(at: URL(fileURLWithPath: directory), catalog: catalog, from: world).close()
}

func quantityWriter(location: DataLocation, writer: Int, count: Int) throws {
    let catalog = try benchCatalog()
    let workspace = try openWorkspace(location, catalog: catalog)
    defer { workspace.close() }
    say("ready")
    guard readLine() == "go" else { throw WriterSetUpFailed(reason: "not told to go") }
    let cpu = processCPUSeconds()
    let start = monotonicNanos()
    var rng = SeededFreshValues(seed: UInt64(writer + 1))
    var written = 0, refused = 0
    while written + refused < count {
        // As the bench's writer: the model read afresh before each change, held across it.
        let current = workspace.model
        guard let user = current.user(principal: DemoWorld.providerAdmin) else { throw WriterSetUpFailed(reason: "no provider admin") }
        let live = current.subscriptions.values.filter { $0.status == .active }.map(\.id).sorted()
        guard !live.isEmpty else { throw WriterSetUpFailed(reason: "no live subscriptions") }
        let id = live[Int(rng.next() % UInt64(min(live.count, 8)))]
        guard let subscription = current.subscriptions[id], let offer = catalog[subscription.offerId] else { continue }
        let quantity = subscription.quantity < offer.maximumQuantity ? subscription.quantity + 1 : subscription.quantity - 1
        do {
            try workspace.execute(.updateSubscription(id, SubscriptionChange(quantity: quantity)), as: .user(user.id))
            written += 1
        } catch is DomainError {
            refused += 1
        }
    }
    let end = monotonicNanos()
    say("result \(written) \(refused) \(start) \(end) \(processCPUSeconds() - cpu)")
}

private struct WriterSetUpFailed: Error {
    var reason: String
}

private func benchCatalog() throws -> OfferCatalog {
    OfferCatalog(try JSONDecoder().decode([Offer].self, from: PartnerResources.data("catalog/offers.json")))
}

private func monotonicNanos() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
