#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Runs the built `partnerdash` binary the way a shell would, with a private workspace.
/// Spawned with posix_spawn, an empty signal mask and default dispositions, output to
/// files (Foundation.Process passes a blocked mask and can hang waiting; see
/// ENGINEERING.md), and reaped with waitpid.
struct CLI {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data

        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }

        /// The stderr lines, for "exactly one line naming the field".
        var errorLines: [Substring] { stderr.split(separator: "\n") }

        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: stdoutBytes)
        }
    }

    /// The scratch directory this CLI's workspace and files live in.
    let scratch: URL
    var workspace: URL { scratch.appendingPathComponent("ws") }
    var environment: [String: String]

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("partnerdash-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // A clean environment: no PARTNERDASH_* from the developer's shell, and a HOME of
        // our own so nothing lands in the real ~/.local/share.
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": scratch.path, "LANG": "C.UTF-8", "TERM": "dumb",
            "PARTNERDASH_DATA": scratch.appendingPathComponent("ws").path,
        ]
    }

    func removeScratch() { try? FileManager.default.removeItem(at: scratch) }

    /// A demo workspace to start from.
    static func demo() throws -> CLI {
        let cli = try CLI()
        let result = try cli.run("demo")
        try #require(result.status == 0, "demo failed: \(result)")
        return cli
    }

    @discardableResult
    func run(_ arguments: String..., stdin: String? = nil) throws -> Result {
        try run(arguments, stdin: stdin)
    }

    func run(_ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:]) throws -> Result {
        let id = UUID().uuidString
        let out = scratch.appendingPathComponent("\(id).out"), err = scratch.appendingPathComponent("\(id).err")
        let input = scratch.appendingPathComponent("\(id).in")
        try Data((stdin ?? "").utf8).write(to: input)
        defer { for f in [out, err, input] { try? FileManager.default.removeItem(at: f) } }
        let binary = try Self.binary()
        let env = environment.merging(extra) { $1 }
        let status = try Self.spawn(binary.path, arguments, environment: env, stdin: input.path, stdout: out.path, stderr: err.path)
        let stdoutBytes = try Data(contentsOf: out)
        return Result(status: status, stdout: String(decoding: stdoutBytes, as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self), stdoutBytes: stdoutBytes)
    }

    /// The executable from the same build as this test bundle: its directory, or a parent
    /// of it (bundles nest on macOS); `PARTNERDASH_BIN` overrides.
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["PARTNERDASH_BIN"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("partnerdash")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/partnerdash")
        try #require(FileManager.default.isExecutableFile(atPath: fallback.path),
                     "build the executable first (swift build --product partnerdash) or set PARTNERDASH_BIN")
        return fallback
    }

    static func spawn(_ path: String, _ arguments: [String], environment: [String: String], stdin: String, stdout: String,
                      stderr: String) throws -> Int32 {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGWINCH, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        try #require(rc == 0, "posix_spawn \(path): \(String(cString: strerror(rc)))")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            try #require(errno == EINTR, "waitpid: \(String(cString: strerror(errno)))")
        }
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let signal = status & 0x7F
        try #require(signal == 0, "partnerdash was killed by signal \(signal)")
        return (status >> 8) & 0xFF
    }
}

extension CLI {
    /// Every regular file under the workspace, with its bytes.
    func workspaceFiles() throws -> [(URL, Data)] {
        let enumerator = FileManager.default.enumerator(at: workspace, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [(URL, Data)] = []
        while let url = enumerator?.nextObject() as? URL {
            if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
                files.append((url, try Data(contentsOf: url)))
            }
        }
        return files
    }

    /// A snapshot of the workspace's files, to show a refusal wrote nothing.
    func workspaceState() throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try workspaceFiles().map { ($0.0.path, $0.1) })
    }

    /// The personalized link a `--json` invitation command printed.
    static func link(_ result: Result) throws -> String {
        let object = try #require(try result.json() as? [String: Any], "not a JSON object: \(result)")
        return try #require(object["link"] as? String)
    }
}

enum Demo {
    static let ana = "ana@contosodistribution.onmicrosoft.com"
    static let ben = "ben@contosodistribution.onmicrosoft.com"
    static let nadia = "nadia@northwindcloud.onmicrosoft.com"
    static let mia = "mia@fabrikamsolutions.onmicrosoft.com"

    /// `customers add` arguments for a valid new customer; override with later options.
    static func newCustomer(company: String = "Alpine Ski", prefix: String = "alpineski") -> [String] {
        ["--company", company, "--domain-prefix", prefix, "--first-name", "Ada", "--last-name", "Lind",
         "--email", "it@\(prefix).example", "--phone", "+1 555 0100", "--line1", "1 Main St", "--city", "Denver",
         "--postal-code", "80202", "--country", "US"]
    }
}
