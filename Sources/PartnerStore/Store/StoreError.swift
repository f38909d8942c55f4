import Foundation

/// Every failure the store reports. Each case prints as one line that names
/// the file, offset or rule involved, because these messages are shown as-is
/// by `partnerdash check` and on the status line of the dashboard.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Bytes that do not decode (a buffer without a file: offsets are within it).
    case malformed(offset: Int, reason: String)
    /// A file whose contents break a rule of its format; nothing was changed.
    case corrupt(file: String, offset: Int64, reason: String)
    /// An append whose expected last sequence is not the journal's.
    case conflict(expected: UInt64, actual: UInt64)
    /// The store refused a change because an earlier write or sync failed.
    case readOnly(reason: String)
    /// The workspace is open elsewhere and cannot be replaced (`demo --force`, `gen`), or keeps being replaced.
    case locked(String)
    /// A file written by a newer partnerdash.
    case newerFormat(file: String, found: UInt32, supported: UInt32)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// The directory is missing or is not a workspace.
    case notAWorkspace(path: String, reason: String)
    /// Every snapshot file is damaged; each problem names its file.
    case noUsableSnapshot(problems: [String])
    /// A caller broke a precondition of the API (for example an empty append).
    case invalidArgument(String)
    /// The files read soundly but the model they hold breaks the invariants `partnerdash check`
    /// checks (`PartnerModel.invariantViolations`), one line each.
    case brokenInvariants(directory: String, broken: [String])

    public var description: String {
        switch self {
        case let .malformed(offset, reason):
            return "malformed data at byte \(offset): \(reason)"
        case let .corrupt(file, offset, reason):
            return "\(file) is corrupt at byte \(offset): \(reason); nothing was changed"
        case let .conflict(expected, actual):
            return "journal conflict: expected last sequence \(expected) but the journal is at \(actual); nothing was written"
        case let .readOnly(reason):
            return "the workspace is read-only for this session: \(reason)"
        case let .locked(message):
            return message
        case let .newerFormat(file, found, supported):
            return "\(file): workspace format \(found) is newer than this partnerdash (reads up to \(supported))"
        case let .io(operation, path, code):
            return "\(operation) \(path) failed: \(SystemError.message(code)) (errno \(code))"
        case let .notAWorkspace(path, reason):
            return "\(path) is not a partnerdash workspace: \(reason)"
        case let .noUsableSnapshot(problems):
            return "no usable snapshot: " + problems.joined(separator: "; ") + "; restore a snapshot from a backup"
        case let .invalidArgument(message):
            return "invalid request to the store: \(message)"
        case let .brokenInvariants(directory, broken):
            return "\(directory) holds a model that breaks \(broken.count) invariant(s) (first: \(broken.first ?? "?")); "
                + "it was not opened and nothing was changed; `partnerdash check` lists them"
        }
    }

    /// What `localizedDescription` (used in a screen's messages) says: the description.
    public var errorDescription: String? { description }
}
