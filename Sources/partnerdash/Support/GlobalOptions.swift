import ArgumentParser
import Foundation
import Logging

/// The options every command takes, so a script can set them once in the environment.
/// The root command declares them too: ArgumentParser lets the root read its options
/// anywhere on the line and hands the same values to the subcommand's group, so
/// `partnerdash --as ana customers list` and `partnerdash customers list --as ana` agree.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The workspace: a directory, or postgresql://user@host/db?workspace=NAME for one in PostgreSQL "
            + "(default: $PARTNERDASH_DATA, else the config file's data, else $XDG_DATA_HOME/partnerdash, else ~/.local/share/partnerdash).",
        valueName: "dir-or-uri"), completion: .directory)
    var data: String?

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Sign in as this user (user principal name, or the part before the @ when unique; default: $PARTNERDASH_USER, "
            + "else the config file's as, else the first admin when the workspace has one account).",
        valueName: "user"), completion: WorkspaceCompletion.users)
    var user: String?

    @Flag(name: .customLong("json"), help: "Print JSON with the Partner Center's field names instead of text; refusals too (on stderr).")
    var json = false

    @Flag(name: .customLong("no-color"), help: "Never use colour or text attributes (also when NO_COLOR is set).")
    var noColor = false

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "How much the diagnostic log records: trace, debug, info, notice, warning, error or critical "
            + "(default: $PARTNERDASH_LOG, else warning). See docs/SCRIPTING.md for where it is.",
        valueName: "level"))
    var logLevel: Logger.Level?
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
