import PartnerCore
import TerminalKit
import TOMLKit

/// Reads the parsed file into `Configuration`, checking each setting's type and rule,
/// and naming the line of the first one that breaks one.
struct SettingsReader {
    let table: TOMLTable
    let lines: SettingLines
    let file: String

    func read(catalog: KeyCatalog) throws(ConfigError) -> Configuration {
        var configuration = Configuration()
        // In the file's order, so the first mistake reported is the first one written.
        for key in table.keys.sorted(by: { (lines.line(of: $0) ?? 0) < (lines.line(of: $1) ?? 0) }) {
            guard let value = table[key] else { continue }
            switch key {
            case "data": configuration.workspace = .init(try text(value, key), source(key))
            case "as": configuration.user = .init(try text(value, key), source(key))
            case InvitationExpiry.field: configuration.invitationExpiry = .init(try expiry(value, key), source(key))
            case "theme": configuration.theme = .init(try theme(value, key), source(key))
            case "keys": try readKeys(value, into: &configuration, catalog: catalog)
            default:
                throw refusal(key, "is not a setting; the file may hold \(Configuration.settingNames.joined(separator: ", "))")
            }
        }
        return configuration
    }

    private func source(_ key: String) -> Configuration.Source { .file(line: lines.line(of: key)) }

    private func refusal(_ key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: lines.line(of: key), field: key, message: message)
    }

    private func text(_ value: any TOMLValueConvertible, _ key: String) throws(ConfigError) -> String {
        guard let text = value.string else { throw refusal(key, "must be a string in quotes, not a \(value.type)") }
        guard !text.isEmpty else { throw refusal(key, "must not be empty") }
        return text
    }

    private func expiry(_ value: any TOMLValueConvertible, _ key: String) throws(ConfigError) -> InvitationExpiry {
        guard value.type == .int, let days = value.int else { throw refusal(key, "must be a whole number of days, not a \(value.type)") }
        do {
            return try InvitationExpiry(days: days)
        } catch {
            throw refusal(key, "\(error.message) (rule \(error.rule.map(String.init) ?? "–"))")
        }
    }

    private func theme(_ value: any TOMLValueConvertible, _ key: String) throws(ConfigError) -> Theme {
        let names = Theme.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = value.string else { throw refusal(key, "must be one of \(names) in quotes, not a \(value.type)") }
        guard let theme = Theme(rawValue: name) else { throw refusal(key, "must be one of \(names), not \"\(name)\"") }
        return theme
    }

    /// `[keys]`: `preset = "vim"` and `table.action = "key"` (or a list of keys), where
    /// `table.action` may be written dotted, quoted, or as a `[keys.table]` table.
    private func readKeys(_ value: any TOMLValueConvertible, into configuration: inout Configuration,
                          catalog: KeyCatalog) throws(ConfigError) {
        guard let keys = value.table else { throw refusal("keys", "must be a table ([keys]), not a \(value.type)") }
        var assignments: [KeyAssignment] = []
        if let preset = keys["preset"] {
            let name = try text(preset, "keys.preset")
            guard let presetKeys = catalog.presets[name] else {
                throw refusal("keys.preset", "must be one of \(catalog.presets.keys.sorted().joined(separator: ", ")), not \"\(name)\"")
            }
            configuration.keyPreset = .init(name, source("keys.preset"))
            assignments += presetKeys
        }
        for (action, keyValue) in try flattened(keys, prefix: "") where action != "preset" {
            assignments.append(KeyAssignment(action: action, keys: try keyNames(keyValue, "keys.\(action)"),
                                             line: lines.line(of: "keys.\(action)")))
        }
        do {
            configuration.keys = try KeyOverrides.checked(assignments, tables: catalog.tables)
        } catch {
            throw ConfigError(file: file, line: error.line ?? lines.line(of: "keys.preset"), field: "keys.\(error.action)", message: error.message)
        }
        configuration.keyAssignments = assignments
    }

    /// `list = { down = "j" }` → `list.down`; in the file's order.
    private func flattened(_ table: TOMLTable, prefix: String) throws(ConfigError) -> [(String, any TOMLValueConvertible)] {
        var result: [(String, any TOMLValueConvertible)] = []
        for key in table.keys {
            guard let value = table[key] else { continue }
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let nested = value.table {
                result += try flattened(nested, prefix: name)
            } else {
                result.append((name, value))
            }
        }
        return result.sorted { (lines.line(of: "keys.\($0.0)") ?? 0) < (lines.line(of: "keys.\($1.0)") ?? 0) }
    }

    private func keyNames(_ value: any TOMLValueConvertible, _ key: String) throws(ConfigError) -> [String] {
        if let name = value.string { return [name] }
        guard let array = value.array else {
            throw refusal(key, "must be a key name in quotes or a list of them, not a \(value.type)")
        }
        var names: [String] = []
        for element in array {
            guard let name = element.string else { throw refusal(key, "must list key names in quotes, not a \(element.type)") }
            names.append(name)
        }
        return names
    }
}

