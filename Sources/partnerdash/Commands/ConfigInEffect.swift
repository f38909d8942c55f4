import Foundation
import PartnerConfig
import PartnerDashboard
import TerminalKit

/// The configuration file as this run read it, once: its settings (or the defaults) and
/// what is wrong with it. Read on the main thread, where the dashboard's key tables live.
enum ConfigInEffect {
    static let loaded: (configuration: Configuration, error: ConfigError?) = MainActor.assumeIsolated {
        ConfigFile.load(environment: ProcessInfo.processInfo.environment, catalog: DashboardKeys.catalog)
    }

    static var configuration: Configuration { loaded.configuration }

    /// A command other than the dashboard and `config …` carries on with the defaults and
    /// says why on stderr: a line of text, or under `--json` one JSON object.
    static func warnIfBroken() {
        guard let error = loaded.error else { return }
        let line: String
        if Invocation.json {
            let warning: [String: Any] = ["warning": [
                "file": error.file, "line": error.line as Any? ?? NSNull(), "column": error.column as Any? ?? NSNull(),
                "field": error.field, "message": "\(error.message); using the defaults",
            ]]
            let data = (try? JSONSerialization.data(withJSONObject: warning, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: JSONCoding.terminalSafe(data), as: UTF8.self)
        } else {
            line = TerminalText.escaped("partnerdash: warning: \(error); using the defaults")
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// What the dashboard's status line says at start-up.
    static var statusMessage: String? {
        loaded.error.map { "Config: \($0); using the defaults" }
    }
}
