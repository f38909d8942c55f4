import Foundation
import PartnerStore

/// What the PostgreSQL store reports beyond `StoreError` (which it also throws: a lost
/// race is `StoreError.conflict`, a refused change while unreachable `StoreError.readOnly`,
/// a record whose actor column disagrees with its contents `StoreError.corrupt`).
public enum PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The server did not answer (opening needs it, unless a local copy may be shown: `PostgresLocalCopy`).
    case unreachable(String)
    /// `commit(deciding:)` lost the race every time: other writers kept appending first.
    case tooManyConflicts(attempts: Int, workspace: String, lastSequence: UInt64)
    /// The connection broke while an append was being committed and could not be made
    /// again, so whether the append was stored is not known. The model is unchanged; once
    /// PostgreSQL answers again, `refresh` reads it if it was stored (never twice).
    case outcomeUnknown(workspace: String, sequence: UInt64, reason: String)

    public var description: String {
        switch self {
        case let .unreachable(message):
            return "PostgreSQL unreachable: \(message)"
        case let .tooManyConflicts(attempts, workspace, lastSequence):
            return "gave up after \(attempts) attempts: each time another writer appended to workspace \(workspace) first "
                + "(now at sequence \(lastSequence)); the change was decided again each time and was not written"
        case let .outcomeUnknown(workspace, sequence, reason):
            return "the connection to PostgreSQL was lost while committing to workspace \(workspace) at sequence \(sequence) "
                + "and could not be made again (\(reason)): whether the change was stored will show once PostgreSQL answers; "
                + "it is never applied twice"
        }
    }

    public var errorDescription: String? { description }
}
