import Foundation
import PartnerStore

/// A client's own copy of recent snapshots of one workspace in PostgreSQL, so opening
/// reads a local file (as the file mode does) and fetches only the rows after it.
///
/// `<base>/<key>/` (0700), where `<key>` is a hash of the conninfo (without any password)
/// and the workspace name; the snapshots are PartnerStore's snapshot files
/// (`snapshot-<seq20>.bin`, 0600, checksummed), written atomically. A file `workspace`
/// names the workspace and when the database created it: a workspace dropped and
/// created again under the same name gets its stale snapshots deleted instead of used.
/// Everything here is a cache: a damaged or unreadable file is passed over, never fatal.
struct PostgresSnapshotCache {
    let directory: String

    init(base: String, conninfo: String, workspace: String, identity: String) throws {
        directory = base + "/" + Self.key(conninfo: conninfo, workspace: workspace)
        // A base that exists is left as it is (it may be a shared directory the caller
        // named); a missing one is made 0700. The workspace's own directory is always 0700.
        if !FileManager.default.fileExists(atPath: base) { try PrivateFiles.makeDirectory(URL(fileURLWithPath: base)) }
        try PrivateFiles.makeDirectory(URL(fileURLWithPath: directory))
        let identityFile = URL(fileURLWithPath: directory + "/workspace")
        let expected = "\(workspace)\n\(identity)\n"
        let found = (try? Data(contentsOf: identityFile)).map { String(decoding: $0, as: UTF8.self) }
        if found != expected {
            for sequence in (try? SnapshotFile.sequences(in: directory)) ?? [] {
                try? FileManager.default.removeItem(atPath: path(of: sequence))
            }
            try PrivateFiles.write(Data(expected.utf8), to: identityFile)
        }
    }

    /// `$XDG_CACHE_HOME/partnerdash`, else `~/.cache/partnerdash`.
    static var defaultBase: String {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/partnerdash" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/partnerdash"
    }

    func path(of sequence: UInt64) -> String {
        let digits = String(sequence)
        return directory + "/snapshot-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".bin"
    }

    /// The newest snapshot that passes its checks, or nil (with why in `skipped`).
    func newest(skipped: inout [String]) -> SnapshotFile? {
        do {
            let load = try SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions)
            skipped += load.skipped.map { "local cache: \($0)" }
            return load.snapshot
        } catch {
            skipped.append("local cache: \(error)")
            return nil
        }
    }

    /// Writes a snapshot unless one at `sequence` or later is there; keeps the newest two.
    /// The file written, or nil when there was nothing new to write.
    @discardableResult
    func store(payloadParts: [[UInt8]], sequence: UInt64, formatVersion: UInt32) throws -> String? {
        guard !(try SnapshotFile.sequences(in: directory)).contains(where: { $0 >= sequence }) else { return nil }
        let file: String
        do {
            file = try SnapshotFile.write(payloadParts: payloadParts, sequence: sequence, formatVersion: formatVersion,
                                          directory: directory)
        } catch StoreError.invalidArgument where FileManager.default.fileExists(atPath: path(of: sequence)) {
            return nil  // another client of the same cache wrote it meanwhile
        }
        try SnapshotFile.prune(directory: directory, newest: sequence, readableVersions: ModelCodec.readableVersions)
        return file
    }

    /// FNV-1a (64 bits) of the conninfo without its password and of the workspace: a name
    /// for the directory, not a secret (the conninfo is on the command line anyway).
    static func key(conninfo: String, workspace: String) -> String {
        let kept = withoutPassword(conninfo)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(kept.utf8) + [0] + Array(workspace.utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// "password=…" words dropped, and the ":password" of a URI's "user:password@".
    static func withoutPassword(_ conninfo: String) -> String {
        if let scheme = conninfo.range(of: "://") {
            let rest = conninfo[scheme.upperBound...]
            guard let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return conninfo }
            return String(conninfo[..<colon]) + String(rest[at...])
        }
        return conninfo.split(separator: " ").filter { !$0.lowercased().hasPrefix("password=") }.joined(separator: " ")
    }
}
