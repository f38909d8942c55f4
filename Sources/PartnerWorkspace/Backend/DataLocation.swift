import Foundation

/// Where a workspace lives, parsed once from `--data` or `PARTNERDASH_DATA`: a directory
/// (the default), or a workspace in a PostgreSQL database (the shared mode), written as
/// a libpq URI with one extra query parameter naming the workspace:
/// `postgresql://user@host:5432/db?workspace=name` (`postgres://` too; the workspace
/// defaults to "default"). The URI handed to libpq is the same without `workspace`.
public enum DataLocation: Equatable, Sendable, CustomStringConvertible {
    case directory(URL)
    case postgres(conninfo: String, workspace: String)

    public static let defaultPostgresWorkspace = "default"

    /// A `postgresql://` or `postgres://` URI is a database; anything else a directory path.
    public static func parse(_ text: String) throws -> DataLocation {
        let lower = text.lowercased()
        guard lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") else {
            return .directory(URL(fileURLWithPath: text))
        }
        var workspace = defaultPostgresWorkspace
        var base = text
        var kept: [String] = []
        if let question = text.firstIndex(of: "?") {
            base = String(text[..<question])
            let query = text[text.index(after: question)...]
            for item in query.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts[0] == "workspace" {
                    let value = parts.count > 1 ? String(parts[1]) : ""
                    workspace = value.removingPercentEncoding ?? value
                } else {
                    kept.append(String(item))
                }
            }
        }
        guard !workspace.isEmpty, workspace.allSatisfy({ !$0.isNewline && $0 != " " }) else {
            throw DataLocationError("the workspace= parameter of \(Self.redacted(text)) must be a non-empty name without spaces")
        }
        let conninfo = kept.isEmpty ? base : base + "?" + kept.joined(separator: "&")
        return .postgres(conninfo: conninfo, workspace: workspace)
    }

    /// `$PARTNERDASH_DATA` when set (a path or a URI), else the default directory.
    public static func fromEnvironment(_ data: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> DataLocation
    {
        if let data, !data.isEmpty { return try parse(data) }
        if let env = environment["PARTNERDASH_DATA"], !env.isEmpty { return try parse(env) }
        return .directory(Workspace.defaultDirectory(environment: environment))
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// For people and logs: the path, or the URI without its password and with the workspace.
    public var description: String {
        switch self {
        case .directory(let url): return url.path
        case .postgres(let conninfo, let workspace):
            let shown = Self.redacted(conninfo)
            return shown + (shown.contains("?") ? "&" : "?") + "workspace=" + workspace
        }
    }

    /// A URI's `user:password@` loses the password; a `password=` parameter loses its value.
    public static func redacted(_ uri: String) -> String {
        var text = uri
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                text = String(text[..<colon]) + String(text[at...])
            }
        }
        if let question = text.firstIndex(of: "?") {
            let items = text[text.index(after: question)...].split(separator: "&").map { item -> String in
                item.lowercased().hasPrefix("password=") ? "password=…" : String(item)
            }
            text = String(text[..<question]) + "?" + items.joined(separator: "&")
        }
        return text
    }

    /// Where a workspace in PostgreSQL keeps its local files (outbox, exports): the
    /// database is shared, the mail a client writes is its own.
    /// `$XDG_DATA_HOME/partnerdash-postgres/<workspace>-<hash>`, else under `~/.local/share`;
    /// the hash is of the redacted URI and the workspace.
    public static func localFilesDirectory(conninfo: String, workspace: String,
                                           environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg)
        } else {
            base = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".local/share")
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(redacted(conninfo).utf8) + [0] + Array(workspace.utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        let safeName = String(workspace.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(40))
        return base.appendingPathComponent("partnerdash-postgres")
            .appendingPathComponent("\(safeName)-\(String(repeating: "0", count: 16 - hex.count) + hex)")
    }
}

public struct DataLocationError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
