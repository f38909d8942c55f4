#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A PostgreSQL server of one test's own, for the tests that stop and restart a server:
/// restarting the shared one (`PostgresTestServer`) would break every other test using it
/// at that moment, and `.ci/run`'s server cannot be restarted by the tests at all. Needs
/// the server's programs (`/usr/lib/postgresql/*/bin`), which `.ci/run` installs. Stopped
/// and removed on `shutDown()` or deinit (and by a watchdog if the test process dies).
public final class PostgresPrivateCluster {
    /// Its conninfo, with a database made for the test (`dbname=partnerdash`).
    public let conninfo: String
    private let pgCtl: String
    private let data: String
    private let root: String
    private let options: String
    private var removed = false

    public init() throws {
        guard let initdb = PostgresTestServer.binary("initdb"), let pgCtl = PostgresTestServer.binary("pg_ctl") else {
            throw PostgresTestServer.Unavailable(description: "PostgreSQL's server programs are not installed (apt-get install postgresql)")
        }
        root = try PostgresTestServer.makeRoot()
        data = root + "/data"
        self.pgCtl = pgCtl
        let port = 40_000 + Int(UInt16.random(in: 0...20_000))
        try PostgresTestServer.runAsServerUser(initdb, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"])
        options = "-k \(root) -c listen_addresses='' -p \(port) -c fsync=on"
        try PostgresTestServer.runAsServerUser(pgCtl, ["-D", data, "-l", root + "/server.log", "-w", "start", "-o", options])
        try PostgresTestServer.startWatchdog(pgCtl: pgCtl, data: data, root: root)
        let base = "host=\(root) port=\(port) user=postgres"
        try PostgresTestServer.psql(base + " dbname=postgres", "CREATE DATABASE partnerdash")
        conninfo = base + " dbname=partnerdash connect_timeout=5"
    }

    deinit { shutDown() }

    /// Stops the server at once (`-m fast`: sessions are cut, as by a crash of the network).
    public func stop() throws {
        try PostgresTestServer.runAsServerUser(pgCtl, ["-D", data, "-m", "fast", "-w", "stop"])
    }

    /// Kills the server at once (`-m immediate`, as a crash: no shutdown checkpoint, WAL
    /// the server had not written yet is gone).
    public func crash() throws {
        try PostgresTestServer.runAsServerUser(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"])
    }

    public func start() throws {
        try PostgresTestServer.runAsServerUser(pgCtl, ["-D", data, "-l", root + "/server.log", "-w", "start", "-o", options])
    }

    public func restart() throws {
        try PostgresTestServer.runAsServerUser(pgCtl, ["-D", data, "-m", "fast", "-w", "restart"])
    }

    /// Stops the server and removes its files.
    public func shutDown() {
        guard !removed else { return }
        removed = true
        _ = try? PostgresTestServer.runAsServerUser(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"])
        _ = try? FileManager.default.removeItem(atPath: root)
    }
}
