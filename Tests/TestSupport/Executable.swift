import Foundation

/// Small programs the tests write and then run (a fake `xclip`, a fake browser).
public enum Executable {
    /// Writes `script` as an executable file (0700). The file is never open for writing
    /// in this process: a child that a concurrent test spawns inherits every descriptor
    /// open at that moment until it execs, and a program open for writing anywhere
    /// cannot be run ("Text file busy"). So the script goes to a side file, and a short
    /// shell copies it into place; only that shell ever holds the program open.
    public static func write(_ script: String, to path: String) throws {
        let source = path + ".source"
        try Data(script.utf8).write(to: URL(fileURLWithPath: source))
        defer { try? FileManager.default.removeItem(atPath: source) }
        let status = try Spawn.run("/bin/sh", ["-c", "cat > \"$0\" && chmod 700 \"$0\"", path],
                                   environment: ["PATH": "/usr/bin:/bin"], stdin: .file(source))
        guard status == 0 else { throw Spawn.Failure(description: "writing \(path) exited with status \(status)") }
    }
}
