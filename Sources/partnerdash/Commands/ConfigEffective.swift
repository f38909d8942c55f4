import Foundation
import PartnerConfig
import PartnerWorkspace
import TerminalKit

/// The settings a run uses, each from the first place that sets it: the flag, then the
/// environment, then the configuration file, then the built-in default. Every command
/// resolves them here, and `config show` prints the same answers with their sources.
struct EffectiveSettings {
    typealias Setting = Configuration.Setting

    let options: GlobalOptions
    let environment: [String: String]
    let configuration: Configuration

    init(_ options: GlobalOptions, environment: [String: String], configuration: Configuration = ConfigInEffect.configuration) {
        self.options = options
        self.environment = environment
        self.configuration = configuration
    }

    /// `--data`, `PARTNERDASH_DATA`, the file's `data` (`~/` is the home directory); nil:
    /// the default directory.
    var workspace: Setting<String>? {
        if let data = options.data, !data.isEmpty { return Setting(data, .flag("--data")) }
        if let data = environment["PARTNERDASH_DATA"], !data.isEmpty { return Setting(data, .environment("PARTNERDASH_DATA")) }
        return configuration.workspace.map { Setting(expandingHome($0.value), $0.source) }
    }

    /// `--as`, `PARTNERDASH_USER`, the file's `as`; nil: the first admin of a one-account workspace.
    var user: Setting<String>? {
        if let user = options.user, !user.isEmpty { return Setting(user, .flag("--as")) }
        if let user = environment["PARTNERDASH_USER"], !user.isEmpty { return Setting(user, .environment("PARTNERDASH_USER")) }
        return configuration.user
    }

    /// The file's theme, unless --no-color or NO_COLOR asks for none.
    var theme: Setting<Theme> {
        if options.noColor { return Setting(.monochrome, .flag("--no-color")) }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return Setting(.monochrome, .environment("NO_COLOR")) }
        return configuration.theme
    }

    private func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
