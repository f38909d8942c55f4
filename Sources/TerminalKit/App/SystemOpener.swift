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
        let pid: pid_t
        do {
            pid = try DesktopProgram.spawn("/bin/sh", ["-c", script, program] + arguments, environment: environment)
        } catch {
            return .failed(error.description)
        }
        var exit: Int32 = 0
        waitpid(pid, &exit, 0)
        return .opened(program: (program as NSString).lastPathComponent)
    }

    /// The program and its arguments for `url`, or nil when none is installed.
    public func command(for url: String) -> (String, [String])? {
        for entry in (environment["BROWSER"] ?? "").split(separator: ":") {
            let words = entry.split(separator: " ").map(String.init)
            guard let name = words.first, let path = find(name) else { continue }
            let rest = words.dropFirst().map { $0.replacingOccurrences(of: "%s", with: url) }
            return (path, entry.contains("%s") ? rest : rest + [url])
        }
        return find("xdg-open").map { ($0, [url]) }
    }

    private func find(_ name: String) -> String? {
        DesktopProgram.find(name, environment: environment)
    }
}
