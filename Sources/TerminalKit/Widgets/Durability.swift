/// Whether every change shown is on disk, for the top bar.
public enum Durability: Hashable, Sendable {
    case saved
    /// Every change is on disk; a snapshot is being written in the background.
    case saving
    /// The store refused writes (disk full, I/O error, another process holds
    /// the lock): changes are blocked, not silently lost.
    case readOnly(reason: String)
}
