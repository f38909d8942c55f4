/// Whether every change shown is on disk, for the top bar.
public enum Durability: Hashable, Sendable {
    case saved
    case saving
    /// The store refused writes (disk full, I/O error, another process holds
    /// the lock): changes are blocked, not silently lost.
    case readOnly(reason: String)
}
