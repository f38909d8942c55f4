/// Whether every change shown is on disk, for the top bar.
public enum Durability: Hashable, Sendable {
    case saved
    /// Every change is on disk; a snapshot is being written in the background.
    case saving
    /// Every change is on disk, but the last background snapshot could not be written
    /// (the next one is tried once the journal has grown again): opening will replay more.
    case snapshotFailed(reason: String)
    /// The store refused writes (disk full, I/O error, another process holds
    /// the lock): changes are blocked, not silently lost.
    case readOnly(reason: String)
}
