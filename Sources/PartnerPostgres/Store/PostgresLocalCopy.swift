import Foundation
import PartnerCore
import PartnerStore

/// This machine's copy of a workspace in PostgreSQL: the newest sound snapshot in the
/// client's local cache, for a client that starts while the server cannot be reached. It
/// is shown read-only (nothing can be appended without the server) until PostgreSQL
/// answers and the workspace is opened for real, from this same cache plus the rows after it.
public struct PostgresLocalCopy {
    public let model: PartnerModel
    /// When the snapshot file was written (its modification time).
    public let writtenAt: Date
    public var sequence: UInt64 { model.lastSequence }

    /// The newest snapshot of `workspace` that passes its checks in the cache under
    /// `cacheDirectory`, or nil when there is none (never cached here, or all damaged).
    /// Reads only: nothing is made or deleted without the server to say which
    /// incarnation of the workspace is the current one.
    public static func newest(conninfo: String, workspace: String, cacheDirectory: String) -> PostgresLocalCopy? {
        let directory = cacheDirectory + "/" + PostgresSnapshotCache.key(conninfo: conninfo, workspace: workspace)
        let named = (try? Data(contentsOf: URL(fileURLWithPath: directory + "/workspace")))
            .map { String(decoding: $0, as: UTF8.self) }
        guard named?.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) == workspace,
              let load = try? SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions),
              let snapshot = load.snapshot,
              let model = try? PostgresWorkspaceStore.decodeModel(snapshot)
        else { return nil }
        let written = (try? FileManager.default.attributesOfItem(atPath: snapshot.path)[.modificationDate]) as? Date
        return PostgresLocalCopy(model: model, writtenAt: written ?? Date())
    }
}

/// "14:02:07 UTC": when a client found the server unreachable, for its read-only reason.
public func clockTimeUTC(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
    func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
    return "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) UTC"
}
