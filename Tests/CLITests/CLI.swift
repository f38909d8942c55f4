#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import TestSupport

/// Runs the built `partnerdash` binary the way a shell would (see `Spawn`), with a private workspace.
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

    static func binary() throws -> URL { try Spawn.partnerdashBinary() }

    static func spawn(_ path: String, _ arguments: [String], environment: [String: String], stdin: String, stdout: String,
                      stderr: String) throws -> Int32 {
        try Spawn.run(path, arguments, environment: environment, stdin: .file(stdin), stdout: .file(stdout), stderr: .file(stderr))
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

    /// `init` for Acme Distribution, whose only admin is al@acmedist.onmicrosoft.com.
    static let initAcme = ["init", "--name", "Acme Distribution", "--mpn", "4999001", "--country", "US",
                           "--domain-prefix", "acmedist", "--admin-name", "Al Vega", "--admin-user", "al",
                           "--contact-email", "al@acme.example", "--contact-phone", "+1 555 0100",
                           "--support-email", "help@acme.example", "--support-phone", "+1 555 0199",
                           "--line1", "1 Main St", "--city", "Reno", "--postal-code", "89501"]

    /// `customers add` arguments for a valid new customer; override with later options.
    static func newCustomer(company: String = "Alpine Ski", prefix: String = "alpineski") -> [String] {
        ["--company", company, "--domain-prefix", prefix, "--first-name", "Ada", "--last-name", "Lind",
         "--email", "it@\(prefix).example", "--phone", "+1 555 0100", "--line1", "1 Main St", "--city", "Denver",
         "--postal-code", "80202", "--country", "US"]
    }
}
