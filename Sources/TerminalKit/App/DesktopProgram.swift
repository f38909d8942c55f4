import Foundation

/// A program of the user's desktop (a browser, a clipboard tool): found the way the
/// shell finds it and started so that it can neither draw over the dashboard nor keep
/// the signals the dashboard blocks.
public enum DesktopProgram {
    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// A name with a slash is taken as is, otherwise the first executable of that name
    /// along `PATH`.
    public static func find(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let path = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Starts `path` with an empty signal mask, standard input from `stdin` (else
    /// /dev/null) and its output to /dev/null; returns its pid without waiting.
    public static func spawn(_ path: String, _ arguments: [String], environment: [String: String],
                      stdin: Int32? = nil) throws(SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, STDIN_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var cArgs = ([path] + arguments).map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, &cArgs, &cEnv)
        guard status == 0 else { throw SpawnError(description: String(cString: strerror(status))) }
        return pid
    }
}
