import Foundation

/// Opens a URL the way desktop programs do: the first program of `$BROWSER`
/// (a `:`-separated list; `%s` stands for the URL) that exists, else
/// `xdg-open`. The program runs detached with its output to /dev/null, so it
/// can neither draw over the dashboard nor make it wait.
@MainActor
public final class SystemOpener: ExternalOpener {
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func open(_ url: String) -> ExternalOpenOutcome {
        guard let (program, arguments) = command(for: url) else { return .noProgram }
        // `sh -c '… &'` returns at once and leaves the program to init: no zombie, no wait.
        let script = "\"$0\" \"$@\" </dev/null >/dev/null 2>&1 &"
        var pid: pid_t = 0
        let argv = ["/bin/sh", "-c", script, program] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The dashboard blocks some signals; the program must not inherit that.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let status = posix_spawn(&pid, "/bin/sh", nil, &attributes, &cArgs, &cEnv)
        guard status == 0 else { return .failed(String(cString: strerror(status))) }
        var exit: Int32 = 0
        waitpid(pid, &exit, 0)
        return .opened(program: (program as NSString).lastPathComponent)
    }

    /// The program and its arguments for `url`, or nil when none is installed.
    func command(for url: String) -> (String, [String])? {
        for entry in (environment["BROWSER"] ?? "").split(separator: ":") {
            let words = entry.split(separator: " ").map(String.init)
            guard let name = words.first, let path = find(name) else { continue }
            let rest = words.dropFirst().map { $0.replacingOccurrences(of: "%s", with: url) }
            return (path, entry.contains("%s") ? rest : rest + [url])
        }
        return find("xdg-open").map { ($0, [url]) }
    }

    private func find(_ name: String) -> String? {
        ProgramSearch.find(name, environment: environment)
    }
}
