import ArgumentParser
import Foundation
import PartnerConfig
import PartnerCore
import PartnerDashboard
import TerminalKit

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "The configuration file: where it is, what is in effect, whether it is valid.",
        discussion: """
            $XDG_CONFIG_HOME/partnerdash/config.toml (else ~/.config/partnerdash/config.toml; \
            PARTNERDASH_CONFIG names another file) sets the default workspace (data) and user (as), \
            invitation_expiry_days, the theme and [keys]. A flag wins over the environment, which wins \
            over the file. A file with a mistake is named with its line; other commands then warn and \
            use the defaults. docs/CONFIG.md has every setting.

            Examples:
              partnerdash config path
              partnerdash config show
              partnerdash config check --json
            """,
        subcommands: [ConfigPath.self, ConfigShow.self, ConfigCheck.self])
}

struct ConfigPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Print the configuration file's path (whether or not it exists).",
        discussion: """
            Examples:
              partnerdash config path
              "$EDITOR" "$(partnerdash config path)"
            """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        var path: String
        var exists: Bool
    }

    mutating func run() throws {
        let output = Session(global).output
        let path = ConfigFile.path(environment: ProcessInfo.processInfo.environment)
        if global.json {
            try output.emit(Report(path: path, exists: FileManager.default.fileExists(atPath: path)))
        } else {
            output.line(path)
        }
    }
}

struct ConfigCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the configuration file: exit 0 when it is valid (or absent), 1 naming the line when not.",
        discussion: """
            Examples:
              partnerdash config check
              PARTNERDASH_CONFIG=./try.toml partnerdash config check --json
            """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        var path: String
        var valid: Bool
    }

    mutating func run() throws {
        if let error = ConfigInEffect.loaded.error { throw CLIError("config", "\(error)") }
        let path = ConfigFile.path(environment: ProcessInfo.processInfo.environment)
        let output = Session(global).output
        if global.json {
            try output.emit(Report(path: path, valid: true))
        } else {
            output.line(FileManager.default.fileExists(atPath: path) ? "\(path): valid" : "\(path): no file; the defaults apply")
        }
    }
}
