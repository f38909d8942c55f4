import ArgumentParser
import Foundation

/// The options every command takes, so a script can set them once in the environment.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "The workspace: a directory, or postgresql://user@host/db?workspace=NAME for one in PostgreSQL "
            + "(default: $PARTNERDASH_DATA, else $XDG_DATA_HOME/partnerdash, else ~/.local/share/partnerdash).",
        valueName: "dir-or-uri"))
    var data: String?

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Sign in as this user (user principal name, or the part before the @ when unique; default: $PARTNERDASH_USER, "
            + "or the first admin when the workspace has one account).",
        valueName: "user"))
    var user: String?

    @Flag(name: .customLong("json"), help: "Print JSON with the Partner Center's field names instead of text.")
    var json = false

    @Flag(name: .customLong("no-color"), help: "Never use colour or text attributes (also when NO_COLOR is set).")
    var noColor = false
}
