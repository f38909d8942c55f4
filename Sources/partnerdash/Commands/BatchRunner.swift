import ArgumentParser
import Foundation

/// What one command of a batch did: what it printed and how it ended.
struct BatchResult {
    var line: Int
    var status: Int32
    var output: Data
    /// Why it failed, as the command line would have said it; nil when it succeeded.
    var failure: ErrorReport?
}

/// Runs one command of a batch as `partnerdash WORDS` would run it: parsed by the same
/// commands, its output kept for its result, its failure reported instead of ending the
/// process. The workspace is the batch's (`Session.batchWorkspace`).
enum BatchRunner {
    /// What needs the workspace closed (replacing, repairing, copying or checking its files),
    /// the terminal (the dashboard), or a batch of its own.
    static let notInABatch: Set<String> = ["batch", "dashboard", "demo", "gen", "repair", "copy", "check"]

    static func run(_ words: [String], line: Int, defaults: GlobalOptions) -> BatchResult {
        let parsed: any ParsableCommand
        do {
            parsed = try parse(try inheriting(defaults, words))
        } catch let error as CLIError {
            return failed(line, Failure.report(for: error))
        } catch {
            return parseFailure(error, line: line)
        }
        let path = Partnerdash.path(to: type(of: parsed)) ?? ""
        let name = String(path.prefix { $0 != " " })
        if notInABatch.contains(name) {
            return failed(line, ErrorReport(field: "arguments", message: "`\(name)` cannot run inside a batch; run it on its own",
                                            status: ExitStatus.usage))
        }
        Invocation.begin(type(of: parsed))
        var command = parsed
        let (output, error) = Stdout.capturing { try command.run() }
        guard let error else {
            Invocation.finish(status: 0)
            return BatchResult(line: line, status: 0, output: output)
        }
        if let exit = error as? ExitCode {
            Invocation.finish(status: exit.rawValue)
            return BatchResult(line: line, status: exit.rawValue, output: output)
        }
        if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            return parseFailure(error, line: line)
        }
        let report = Failure.report(for: error)
        Invocation.finish(status: report.status, report: report)
        return BatchResult(line: line, status: report.status, output: output, failure: report)
    }

    /// `arguments` parsed as `partnerdash ARGUMENTS` would be. The leading words that name
    /// a command and its subcommand are followed to the leaf command, which parses the rest
    /// alone: the group commands above it have no options, and parsing from the root walks
    /// the whole tree of commands each time (1,000 listings: 3.2 → 2.5 s of CPU). Whatever the
    /// leaf refuses, help included, is parsed again from the root, which says it as before.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        var node: any ParsableCommand.Type = Partnerdash.self
        var rest = arguments[...]
        while let word = rest.first,
              let child = node.configuration.subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
            node = child
            rest = rest.dropFirst()
        }
        if node != Partnerdash.self, node.configuration.subcommands.isEmpty, let leaf = try? node.parse(Array(rest)) {
            return leaf
        }
        return try Partnerdash.parseAsRoot(arguments)
    }

    /// The batch's own `--data`, `--as`, `--json` and `--no-color` for a command that does
    /// not give them (`--as` of its own wins). Put before a `--`, after which they would be words.
    static func inheriting(_ defaults: GlobalOptions, _ words: [String]) throws -> [String] {
        let options = words.prefix { $0 != "--" }
        func has(_ option: String) -> Bool { options.contains { $0 == option || $0.hasPrefix(option + "=") } }
        if has("--data") {
            throw CLIError("data", "a command in a batch works on the batch's workspace: give --data to `batch` itself",
                           code: ExitStatus.usage)
        }
        var inherited: [String] = []
        if let data = defaults.data { inherited += ["--data", data] }
        if let user = defaults.user, !has("--as") { inherited += ["--as", user] }
        if defaults.json, !has("--json") { inherited.append("--json") }
        if defaults.noColor, !has("--no-color") { inherited.append("--no-color") }
        var arguments = words
        arguments.insert(contentsOf: inherited, at: options.endIndex)
        return arguments
    }

    /// A line that did not parse: help asked for is its output; anything else is a usage error.
    private static func parseFailure(_ error: any Error, line: Int) -> BatchResult {
        if Partnerdash.exitCode(for: error) == .success {
            return BatchResult(line: line, status: 0, output: Data((Partnerdash.fullMessage(for: error) + "\n").utf8))
        }
        return failed(line, ErrorReport(field: "arguments", message: Partnerdash.message(for: error), status: ExitStatus.usage))
    }

    static func failed(_ line: Int, _ report: ErrorReport) -> BatchResult {
        Invocation.finish(status: report.status, report: report)
        return BatchResult(line: line, status: report.status, output: Data(), failure: report)
    }
}
