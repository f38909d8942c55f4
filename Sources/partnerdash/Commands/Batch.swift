import ArgumentParser
import Foundation

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run many commands in one process on one open workspace, one result per command.",
        discussion: """
            Reads commands from FILE, or from stdin when FILE is - or absent: one a line, the words as a shell \
            would split them ('...', "...", \\ as in sh; no variables or globs; # begins a comment), or a JSON object \
            {"args":["customers","list","--reseller","Fabrikam"]} a line (JSON Lines). The workspace is opened \
            once; each command runs as `partnerdash WORDS` would, against the workspace as it is then: a change \
            another process made meanwhile is read first, and a change is decided on the latest state, as a \
            single command's is.

            Each command prints its own output. With --json, one line each: {"line":N,"status":0,"output":...} \
            (the command's JSON) or {"line":N,"status":1,"error":{...}} (the object a failed command prints); \
            without it, a failure is one line on stderr, `partnerdash: line N: field: message`. A failing \
            command does not stop the batch unless --stop-on-error; the exit status is the worst one (3 over 2 \
            over 1). --data, --json and --no-color apply to every command, and --as to those that give none; a \
            command cannot give its own --data. batch, dashboard, demo, gen, repair, copy and check cannot run \
            in a batch.

            Examples:
              partnerdash batch commands.txt --as ana
              printf 'customers list --reseller Fabrikam\\nsubscriptions ending\\n' | partnerdash batch --as ana --json
              echo '{"args":["customers","show","3f2a9c1e"]}' | partnerdash batch - --as ana --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file of commands, or - for stdin (the default).", valueName: "file"),
              completion: .file())
    var file = "-"

    @Flag(help: "Stop at the first command that fails; the commands after it are not run.")
    var stopOnError = false

    mutating func run() throws {
        var input = try BatchInput(file)
        let session = Session(global)
        // Nothing large is read until a command needs it (`Session.open(deferring:)`): a batch
        // of listings by reseller and changes of single subscriptions never reads the book.
        let workspace = try session.open(deferring: .allLarge)
        Session.batchWorkspace = workspace
        var results = HeldResults(store: workspace.fileStore)
        defer {
            Session.batchWorkspace = nil
            // A run cut short by an error still answers what it ran, once it is durable.
            _ = results.release(write)
            workspace.close()
        }
        var worst: Int32 = 0
        var number = 0
        while let line = try input.nextLine() {
            number += 1
            let result: BatchResult
            do {
                guard let words = try BatchLine.arguments(line) else { continue }
                result = BatchRunner.run(words, line: number, defaults: global)
            } catch {
                result = BatchRunner.failed(number, Failure.report(for: error))
            }
            results.hold(result)
            var stop = stopOnError && result.status != 0
            if stop || results.isDue(moreInputReady: input.hasLineReady) {
                let released = results.release(write)
                worst = max(worst, released.worst)
                // A failed sync turns the workspace read-only: the lines after are not run.
                stop = stop || released.syncFailed
            }
            if stop { break }
        }
        worst = max(worst, results.release(write).worst)
        // Whatever ends the run now speaks as the batch does, not as its last command.
        try Invocation.adopt(global, environment: session.environment)
        if worst != 0 { throw ExitCode(worst) }
    }

    /// One result: the command's output as it printed it (and its failure on stderr), or,
    /// with --json, one line holding both.
    private func write(_ result: BatchResult) {
        guard global.json else {
            Stdout.write(result.output)
            if let failure = result.failure {
                FileHandle.standardError.write(Data((TerminalText.escaped("partnerdash: line \(result.line): \(failure.detail)") + "\n").utf8))
            }
            return
        }
        var object: [String: Any] = ["line": result.line, "status": result.status]
        if let failure = result.failure {
            object["error"] = failure.object
        } else {
            object["output"] = Self.value(of: result.output)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        Stdout.write(JSONCoding.terminalSafe(data) + Data("\n".utf8))
    }

    /// What a command printed, as JSON: its JSON value, else its text, else null.
    static func value(of output: Data) -> Any {
        if output.isEmpty { return NSNull() }
        return (try? JSONSerialization.jsonObject(with: output, options: [.fragmentsAllowed]))
            ?? String(decoding: output, as: UTF8.self)
    }
}
