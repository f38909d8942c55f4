import Foundation
import Testing
import TestSupport

/// The dashboard started while its PostgreSQL server is stopped, as a person would see it:
/// this machine's copy, read-only with why and since when; the CLI reads it with a warning
/// and refuses a change (exit 3); once the server is started the dashboard says it is back,
/// and a customer added there lands exactly once (checked with `log --json` and `check`).
@Suite(.enabled(if: PostgresTestServer.shouldRun, "PostgreSQL is not available here (see PostgresTestServer)"))
struct OfflineStartEndToEndTests {
    static let ana = PartnershipJourneyTests.ana

    @Test func aDashboardStartedWhileTheServerIsDownBecomesWritableWhenItIsBack() throws {
        let cluster = try PostgresPrivateCluster()
        defer { cluster.shutDown() }
        let e2e = try EndToEnd()
        defer { e2e.cleanUp() }
        let uri = PostgresTestServer.uri(cluster.conninfo, workspace: "offline")
        func cli(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let out = e2e.scratch.appendingPathComponent("cli-\(UUID().uuidString).out")
            let err = e2e.scratch.appendingPathComponent("cli-\(UUID().uuidString).err")
            let status = try Spawn.run(e2e.binary.path, arguments + ["--data", uri], environment: e2e.tmux.environment,
                                       stdout: .file(out.path), stderr: .file(err.path))
            return (status, (try? String(contentsOf: out, encoding: .utf8)) ?? "", (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        }
        #expect(try cli(["demo"]).status == 0)
        let journey = PartnershipJourneyTests()

        // A first dashboard on this machine leaves what it opened in its local cache ($HOME/.cache/partnerdash).
        try e2e.tmux.start([e2e.binary.path, "--data", uri, "--as", Self.ana], width: 120, height: 40)
        try e2e.tmux.waitFor("At a glance")
        let cache = e2e.scratch.appendingPathComponent(".cache/partnerdash")
        let deadline = ContinuousClock.now + .seconds(20)
        while Self.snapshots(under: cache).isEmpty, ContinuousClock.now < deadline { _ = try e2e.tmux.screen() }
        #expect(!Self.snapshots(under: cache).isEmpty, "the dashboard wrote its local copy")
        try journey.quit(e2e.tmux)

        let online = try cli(["customers", "list", "--as", Self.ana])
        #expect(online.status == 0 && !online.stderr.contains("warning"), "\(online)")
        try cluster.stop()
        // The CLI: a read shows the copy with a warning; a change is refused, exit 3.
        let list = try cli(["customers", "list", "--as", Self.ana])
        #expect(list.status == 0 && list.stdout == online.stdout
                && list.stderr.contains("warning: PostgreSQL unreachable since"), "\(list)")
        let add = try cli(["customers", "add", "--as", Self.ana, "--company", "Bergen Ski", "--domain-prefix", "bergenski",
                           "--first-name", "Ada", "--last-name", "Lind", "--email", "it@bergenski.example",
                           "--phone", "+1 555 0100", "--line1", "1 Main St", "--city", "Denver", "--postal-code", "80202",
                           "--country", "US", "--offer", "teams-essentials:5"])
        #expect(add.status == 3 && add.stderr.contains("PostgreSQL unreachable since") && add.stderr.contains("nothing was saved"),
                "\(add)")

        // The dashboard: read-only, saying why and since when.
        try e2e.tmux.start([e2e.binary.path, "--data", uri, "--as", Self.ana], width: 120, height: 40)
        // Both on one screen: tmux may capture a frame whose top bar is drawn before the page
        // (CI once caught Home's title with its body still blank).
        let offline = try e2e.tmux.waitFor("Home read-only with why") {
            $0.contains("READ-ONLY: PostgreSQL unreachable since") && $0.contains("At a glance")
        }
        #expect(offline.contains("At a glance"), "\(offline)")

        try cluster.start()
        try e2e.tmux.waitFor("saved · PostgreSQL answers again", timeout: .seconds(20))
        try journey.addCustomerFromCustomers("Aardvark Inn", prefix: "aardvarkinn", e2e.tmux)
        try journey.quit(e2e.tmux)

        let log = try cli(["log", "--json", "--as", Self.ana])
        #expect(log.status == 0 && log.stdout.components(separatedBy: "Aardvark Inn").count == 2, "\(log)")
        let check = try cli(["check"])
        #expect(check.status == 0, "\(check)")
    }

    static func snapshots(under directory: URL) -> [String] {
        let names = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []
        return names.filter { $0.hasSuffix(".bin") && $0.contains("snapshot-") }
    }
}
