import Foundation
import PartnerCore
import TerminalKit
import TOMLKit

/// The configuration file: where it is and what it says.
public enum ConfigFile {
    /// `PARTNERDASH_CONFIG`, else `$XDG_CONFIG_HOME/partnerdash/config.toml` (when it is an
    /// absolute path, as the XDG spec asks), else `~/.config/partnerdash/config.toml`.
    public static func path(environment: [String: String]) -> String {
        if let named = environment["PARTNERDASH_CONFIG"], !named.isEmpty { return named }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("partnerdash/config.toml").path
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/partnerdash/config.toml").path
    }

    /// What a run of the program works with: the file's settings, or the built-in defaults
    /// and the one message saying what is wrong with the file. No file is no mistake,
    /// unless PARTNERDASH_CONFIG named it.
    public static func load(environment: [String: String], catalog: KeyCatalog) -> (Configuration, ConfigError?) {
        let path = path(environment: environment)
        let text: String
        do {
            guard FileManager.default.fileExists(atPath: path) else {
                if environment["PARTNERDASH_CONFIG"].map({ !$0.isEmpty }) ?? false {
                    return (Configuration(), ConfigError(file: path, line: nil, field: "PARTNERDASH_CONFIG", message: "names no file"))
                }
                return (Configuration(), nil)
            }
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return (Configuration(), ConfigError(file: path, line: nil, field: "file", message: "cannot be read as UTF-8 text (\(error.localizedDescription))"))
        }
        do {
            let configuration = try parse(text, file: path, catalog: catalog)
            return (configuration, nil)
        } catch {
            return (Configuration(), error)
        }
    }

    /// The settings `text` holds, every one checked; the first mistake is thrown.
    public static func parse(_ text: String, file: String, catalog: KeyCatalog) throws(ConfigError) -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                              field: "syntax", message: "is not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(file: file, line: nil, field: "syntax", message: "is not valid TOML: \(error)")
        }
        let reader = SettingsReader(table: table, lines: SettingLines(text), file: file)
        return try reader.read(catalog: catalog)
    }
}
