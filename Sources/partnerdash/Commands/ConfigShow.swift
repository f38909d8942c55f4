import ArgumentParser
import Foundation
import PartnerConfig
import PartnerCore
import PartnerDashboard
import PartnerWorkspace
import TerminalKit

struct ConfigShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the configuration in effect, each value with where it came from.",
        discussion: """
            Sources, in order of precedence: flag, environment, file (with its line), preset, default. \
            The keys are every action of every table (table.action), with the keys bound to it now. \
            A file with a mistake is named on stderr and the defaults are shown.

            Examples:
              partnerdash config show
              partnerdash --as mia config show --json
            """)

    @OptionGroup var global: GlobalOptions

    struct Value: Encodable {
        var name: String
        var value: String?
        var source: String
    }

    struct Report: Encodable {
        var file: String
        var exists: Bool
        var error: String?
        var settings: [Value]
        var keys: [Value]
    }

    mutating func run() throws {
        let session = Session(global)
        let environment = session.environment
        let loaded = ConfigInEffect.loaded
        let path = ConfigFile.path(environment: environment)
        let report = Report(file: path, exists: FileManager.default.fileExists(atPath: path),
                            error: loaded.error?.description, settings: settings(session),
                            keys: MainActor.assumeIsolated { Self.keys(loaded.configuration) })
        ConfigInEffect.warnIfBroken()
        if global.json {
            try session.output.emit(report)
            return
        }
        session.output.line("# \(report.file)\(report.exists ? "" : " (no file)")")
        session.output.fields(report.settings.map { ($0.name, "\($0.value ?? "(none)")  (\($0.source))") })
        session.output.line()
        session.output.fields(report.keys.map { ("keys.\($0.name)", "\($0.value ?? "(none)")  (\($0.source))") })
    }

    private func settings(_ session: Session) -> [Value] {
        let effective = session.settings
        let configuration = effective.configuration
        let defaultWorkspace = Workspace.defaultDirectory(environment: session.environment).path
        return [
            Value(name: "data", value: effective.workspace?.value ?? defaultWorkspace, source: effective.workspace?.source.description ?? "default"),
            Value(name: "as", value: effective.user?.value, source: effective.user?.source.description
                  ?? "default: the first admin of a workspace with one account"),
            Value(name: InvitationExpiry.field, value: "\(configuration.invitationExpiry.value.days)",
                  source: configuration.invitationExpiry.source.description),
            Value(name: "theme", value: effective.theme.value.rawValue, source: effective.theme.source.description),
            Value(name: "keys.preset", value: configuration.keyPreset?.value, source: configuration.keyPreset?.source.description ?? "default"),
        ]
    }

    /// Every action of every table, with the keys bound to it now and why.
    @MainActor
    private static func keys(_ configuration: Configuration) -> [Value] {
        var seen = Set<String>()
        var values: [Value] = []
        for table in DashboardKeys.tables {
            for action in table.actions {
                let id = "\(table.id).\(action.name)"
                guard seen.insert(id).inserted else { continue }
                let keys = configuration.keys.keys[id] ?? action.keys
                values.append(Value(name: id, value: keys.map(KeyName.name).joined(separator: " "),
                                    source: source(of: id, in: configuration)))
            }
        }
        return values
    }

    @MainActor
    private static func source(of id: String, in configuration: Configuration) -> String {
        guard configuration.keys.keys[id] != nil,
              let assignment = configuration.keyAssignments.last(where: { $0.action == id }) else { return "default" }
        if let line = assignment.line { return Configuration.Source.file(line: line).description }
        return Configuration.Source.preset(configuration.keyPreset?.value ?? "").description
    }
}
