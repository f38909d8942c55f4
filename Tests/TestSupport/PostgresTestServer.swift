#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A throwaway PostgreSQL for the tests of the shared mode, never a shared one.
///
/// `.ci/run` starts one and names it in `PARTNERDASH_TEST_POSTGRES` (a libpq conninfo
/// without dbname). Elsewhere, where Debian's server binaries are installed
/// (`/usr/lib/postgresql/*/bin`), the first test that asks starts a private cluster on a
/// Unix socket in a temporary directory and stops it when the test process exits. Where
/// neither exists the tests are skipped with that reason, except under `CI=true`, where
/// a missing server is a failure: CI must never pass by skipping them.
public enum PostgresTestServer {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The server's conninfo (no dbname), started on first use; nil with why when there is none.
    public static func server() -> Result<String, Unavailable> {
        shared.withLock { state in
            if let state { return state }
            let started = start()
            state = started
            return started
        }
    }

    /// Whether the shared mode's tests run: a server is here, or CI requires one (and
    /// then a missing server fails them instead of skipping them).
    public static var shouldRun: Bool {
        if isRequired { return true }
        if case .success = server() { return true }
        return false
    }

    /// Whether a test of the shared mode must fail instead of being skipped.
    public static var isRequired: Bool {
        let ci = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !ci.isEmpty && ci != "false" && ci != "0"
    }

    /// A new empty database on the test server, for one test; its conninfo.
    public static func freshDatabase() throws -> String {
        let base = try server().get()
        let name = "t\(UInt64.random(in: 0...UInt64.max))"
        try psql(base + " dbname=postgres", "CREATE DATABASE \(name)")
        return base + " dbname=\(name)"
    }

    /// Runs SQL through psql (as the server's superuser): setup that no product code does.
    public static func psql(_ conninfo: String, _ sql: String) throws {
        guard let psql = binary("psql") ?? which("psql") else { throw Unavailable(description: "psql is not installed") }
        let status = try Spawn.run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
                                   environment: ["PATH": "/usr/bin:/bin"])
        guard status == 0 else { throw Unavailable(description: "psql exited \(status) running: \(sql)") }
    }

    /// Stops and starts the server again (the tests of reconnecting); only a server we started.
    public static func restart() throws {
        guard let cluster = ownCluster.withLock({ $0 }) else {
            throw Unavailable(description: "the server was not started by the tests, so they cannot restart it")
        }
        try runAsServerUser(cluster.pgCtl, ["-D", cluster.data, "-m", "fast", "-w", "restart"])
    }

    private static let shared = Mutex<Result<String, Unavailable>?>(nil)

    private struct Cluster: Sendable {
        var pgCtl: String
        var data: String
        var root: String
    }

    private static let ownCluster = Mutex<Cluster?>(nil)

    private static func start() -> Result<String, Unavailable> {
        if let given = ProcessInfo.processInfo.environment["PARTNERDASH_TEST_POSTGRES"], !given.isEmpty {
            return .success(given)
        }
        guard let initdb = binary("initdb"), let pgCtl = binary("pg_ctl") else {
            return .failure(Unavailable(description:
                "PostgreSQL's server is not installed (apt-get install postgresql), and PARTNERDASH_TEST_POSTGRES is not set"))
        }
        do {
            let root = try makeRoot()
            let data = root + "/data"
            try runAsServerUser(initdb, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"])
            let port = 20_000 + Int(getpid() % 20_000)
            try runAsServerUser(pgCtl, ["-D", data, "-l", root + "/server.log", "-w", "start", "-o",
                                        "-k \(root) -c listen_addresses='' -p \(port) -c fsync=on"])
            ownCluster.withLock { $0 = Cluster(pgCtl: pgCtl, data: data, root: root) }
            atexit { PostgresTestServer.stopOwnCluster() }
            try startWatchdog(pgCtl: pgCtl, data: data, root: root)
            return .success("host=\(root) port=\(port) user=postgres")
        } catch {
            return .failure(Unavailable(description: "could not start a test PostgreSQL: \(error)"))
        }
    }

    private static func stopOwnCluster() {
        guard let cluster = ownCluster.withLock({ $0 }) else { return }
        _ = try? runAsServerUser(cluster.pgCtl, ["-D", cluster.data, "-m", "immediate", "-w", "stop"])
        _ = try? FileManager.default.removeItem(atPath: cluster.root)
    }

    /// A test process that crashes runs no atexit handler: a small shell outlives it,
    /// notices (once a second) that it is gone, and stops the server it left behind.
    static func startWatchdog(pgCtl: String, data: String, root: String) throws {
        let stop = getuid() == 0 ? "/usr/sbin/runuser -u postgres -- \"$1\"" : "\"$1\""
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
            + "\(stop) -D \"$2\" -m immediate -w stop >/dev/null 2>&1; rm -rf \"$3\""
        _ = try Spawn.start("/bin/sh", ["-c", script, "watchdog", pgCtl, data, root], environment: ["PATH": "/usr/bin:/bin"])
    }

    /// PostgreSQL refuses to run as root: as root, its own `postgres` user runs it, in a
    /// directory that user owns.
    static func makeRoot() throws -> String {
        var template = Array("/tmp/partnerdash-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Unavailable(description: "mkdtemp failed") }
        let root = String(cString: made)
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw Unavailable(description: "running as root and there is no postgres user to run the server")
            }
            guard chown(root, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw Unavailable(description: "chown \(root): \(String(cString: strerror(errno)))")
            }
        }
        return root
    }

    static func runAsServerUser(_ program: String, _ arguments: [String]) throws {
        let (path, argv) = getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
                                         : (program, arguments)
        let status = try Spawn.run(path, argv, environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"])
        guard status == 0 else {
            throw Unavailable(description: "\(URL(fileURLWithPath: program).lastPathComponent) exited with status \(status)")
        }
    }

    /// The newest installed server's program, from Debian's versioned directories.
    static func binary(_ name: String) -> String? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let path = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    private static func which(_ name: String) -> String? {
        ["/usr/bin", "/bin", "/usr/local/bin"].map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
