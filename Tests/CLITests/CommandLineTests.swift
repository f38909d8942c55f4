import Foundation
import Testing
import TestSupport

/// The command line as people expect it (issue 12, item 4): examples in every help, a man
/// page from the same definitions, completions that know the workspace, a quiet end when
/// the reader of a pipe goes away.
@Suite struct CommandLineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyHelpHasAnExample() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let commands = try CommandTree.all()
        #expect(commands.count > 40 && commands.contains("customers list"))
        for command in [""] + commands {
            let words = command.split(separator: " ").map(String.init)
            let help = try cli.run(words + ["--help"])
            #expect(help.status == 0, "\(command): \(help)")
            let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let heading = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "Examples:" }
            let example = heading.map { lines[($0 + 1)...].first?.trimmingCharacters(in: .whitespaces) ?? "" } ?? ""
            #expect(example.hasPrefix("partnerdash") || example.hasPrefix("PARTNERDASH_"),
                    "`partnerdash \(command) --help` has no example:\n\(help.stdout)")
        }
    }

    /// The page in docs/ is what `scripts/install-man` generates from the definitions; it
    /// renders with man(1) and names every command and option the binary has.
    @Test func theManPageRendersAndIsCurrent() throws {
        let page = Self.repository.appendingPathComponent("docs/man/partnerdash.1")
        let cli = try CLI()
        defer { cli.removeScratch() }
        let out = cli.scratch.appendingPathComponent("man.txt"), err = cli.scratch.appendingPathComponent("man.err")
        let status = try Spawn.run("/bin/sh", ["-c", "man -l \"$1\"", "sh", page.path],
                                   environment: cli.environment.merging(["MANPAGER": "cat", "MANWIDTH": "100"]) { $1 },
                                   stdout: .file(out.path), stderr: .file(err.path))
        let text = try String(contentsOf: out, encoding: .utf8)
        let warnings = try String(contentsOf: err, encoding: .utf8)
        #expect(status == 0 && warnings.isEmpty, "man -l: \(status)\n\(warnings)")
        // man renders hyphens and bold with backspaces when not on a terminal: compare plain letters.
        let plain = Self.plain(text)
        #expect(plain.contains("NAME") && plain.contains("partnerdash"), "\(plain.prefix(500))")
        let options = try CommandTree.longOptions()
        #expect(options.contains("log-level") && options.contains("json") && options.contains("reseller"))
        for option in options { #expect(plain.contains("--\(option)"), "the man page lacks --\(option): regenerate it (scripts/install-man)") }
        for command in try CommandTree.all() {
            #expect(plain.contains(command.split(separator: " ").last.map(String.init) ?? command),
                    "the man page lacks \(command): regenerate it (scripts/install-man)")
        }
        #expect(plain.contains("Examples:"))
    }

    static func plain(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\u{08}" { if !out.isEmpty { out.removeLast() } } else { out.append(scalar) }
        }
        return String(out).replacingOccurrences(of: "\u{2010}", with: "-").replacingOccurrences(of: "\u{2212}", with: "-")
    }

    /// ArgumentParser's completion entry point (what the generated scripts call) answers
    /// with the workspace's users, resellers and customers.
    @Test func completionsOfferTheWorkspacesNames() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let users = try cli.run(["---completion", "--", "--as", "2", "0", "partnerdash", "--as", ""])
        #expect(users.status == 0 && users.stdout.contains(Demo.ana) && users.stdout.contains(Demo.mia), "\(users)")
        // The workspace named on the line being completed, not the environment's.
        let elsewhere = ["PARTNERDASH_DATA": cli.scratch.appendingPathComponent("none").path]
        let named = try cli.run(["---completion", "customers", "list", "--", "--as", "5", "0",
                                 "partnerdash", "--data", cli.workspace.path, "customers", "list", "--as", ""],
                                environment: elsewhere)
        #expect(named.stdout.contains(Demo.ana), "\(named)")
        let resellers = try cli.run(["---completion", "customers", "list", "--", "--reseller", "4", "0",
                                     "partnerdash", "customers", "list", "--reseller", "", "--as", "ana"])
        #expect(resellers.status == 0 && resellers.stdout.contains("Fabrikam Solutions"), "\(resellers)")
        let names = try #require(try cli.run("customers", "list", "--as", "ana", "--json").json() as? [[String: Any]])
            .compactMap { ($0["companyProfile"] as? [String: Any])?["companyName"] as? String }
        let customers = try cli.run(["---completion", "customers", "show", "--", "positional@0", "3", "0",
                                     "partnerdash", "customers", "show", ""], environment: ["PARTNERDASH_USER": "ana"])
        #expect(!names.isEmpty && Set(customers.stdout.split(separator: "\n").map(String.init)) == Set(names), "\(customers)")
        // No workspace: nothing, and no error for the shell to print.
        let none = try cli.run(["---completion", "--", "--as", "2", "0", "partnerdash", "--as", ""], environment: elsewhere)
        #expect(none.status == 0 && none.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(none)")
    }

    /// The generated scripts load in bash, zsh and fish, and bash and fish complete `--as`
    /// with the workspace's users through them.
    @Test func completionScriptsLoadInEveryShell() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let binary = try CLI.binary().path
        var scripts: [String: String] = [:]
        for shell in ["bash", "zsh", "fish"] {
            let script = try cli.run("--generate-completion-script", shell)
            #expect(script.status == 0, "\(shell): \(script)")
            let file = cli.scratch.appendingPathComponent("completion.\(shell)")
            try Data(script.stdoutBytes).write(to: file)
            scripts[shell] = file.path
        }
        // What bash does on TAB after `partnerdash --as `: the function gets (command, word, previous word).
        let bash = try Self.shell("bash", ["-c", """
            source "$1"
            COMP_WORDS=("$2" --as ''); COMP_CWORD=2; COMP_LINE="$2 --as "; COMP_POINT=${#COMP_LINE}
            _partnerdash "$2" '' --as
            printf '%s\\n' "${COMPREPLY[@]}"
            """, "bash", scripts["bash"]!, binary], cli: cli)
        #expect(bash.status == 0 && bash.output.contains(Demo.ana) && bash.output.contains(Demo.mia), "bash: \(bash)")
        let zsh = try Self.shell("zsh", ["-f", "-c", """
            autoload -U compinit && compinit -u -d "$2" && source "$1" && print -r -- ${+functions[_partnerdash]}
            """, "zsh", scripts["zsh"]!, cli.scratch.appendingPathComponent("zcompdump").path], cli: cli)
        #expect(zsh.status == 0 && zsh.output.hasSuffix("1\n"), "zsh: \(zsh)")
        // fish 3.6 cannot run the script's completions outside an interactive shell (its
        // `commandline` refuses): it loads the script, and `--as` asks the program.
        let fish = try Self.shell("fish", ["--no-config", "-c", "source $argv[1]; and complete -c partnerdash", scripts["fish"]!],
                                  cli: cli)
        let registered = fish.output.split(separator: "\n")
        let notRegistrations = registered.filter { !$0.hasPrefix("complete ") }
        #expect(fish.status == 0 && registered.count > 100 && notRegistrations.isEmpty, "fish: \(notRegistrations.prefix(5))")
        let fishAs = registered.filter { $0.contains("-l as ") }
        #expect(!fishAs.isEmpty && fishAs.allSatisfy { $0.contains("---completion") }, "fish: \(fishAs.prefix(3))")
    }

    static func shell(_ name: String, _ arguments: [String], cli: CLI) throws -> (status: Int32, output: String) {
        let out = cli.scratch.appendingPathComponent("\(name).out")
        let status = try Spawn.run(name, arguments, environment: cli.environment, stdout: .file(out.path), stderr: .file(out.path))
        return (status, try String(contentsOf: out, encoding: .utf8))
    }

    /// `partnerdash … | head -1` on a large output: every command ends with status 0 and
    /// says nothing once its reader is gone.
    @Test func aClosedPipeEndsQuietlyWithZero() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let gen = try cli.run("gen", "--customers", "3000", "--resellers", "20")
        #expect(gen.status == 0, "\(gen)")
        let admin = try #require(try cli.run("accounts", "--json").stdout
            .firstMatch(of: /"userPrincipalName"\s*:\s*"([^"]+)"/).map { String($0.1) })
        let binary = try CLI.binary().path
        for command in ["customers list", "customers list --json", "export customers", "log", "log --csv", "accounts"] {
            let err = cli.scratch.appendingPathComponent("pipe.err"), out = cli.scratch.appendingPathComponent("pipe.out")
            let script = "set -o pipefail; \"$1\" \(command) --as \"$2\" 2>\"$3\" | head -c 10 >/dev/null; echo \"${PIPESTATUS[0]}\""
            let status = try Spawn.run("bash", ["-c", script, "bash", binary, admin, err.path], environment: cli.environment,
                                       stdout: .file(out.path))
            let piped = try String(contentsOf: out, encoding: .utf8)
            let said = try String(contentsOf: err, encoding: .utf8)
            #expect(status == 0 && piped == "0\n", "\(command): exit \(piped) \(said)")
            #expect(said.isEmpty, "\(command) said: \(said)")
        }
    }
}
