/// Whether every change shown is on disk, for the top bar.
public enum Durability: Hashable, Sendable {
    case saved
    /// Every change is on disk; a snapshot is being written in the background.
    case saving
    /// Every change is on disk, but the last background snapshot could not be written
    /// (the next one is tried once the journal has grown again): opening will replay more.
    case snapshotFailed(reason: String)
    /// Every change made here is on disk, but what other processes wrote could not be
    /// read (the page may be behind theirs); tried again at the next idle tick.
    case behind(reason: String)
    /// Every change is on disk, but the email of the last one could not be written to the
    /// outbox; it waits, whole, to be written by the next change or open.
    case mailWaiting(reason: String)
    /// The store refused writes (disk full, I/O error, a closed workspace): changes are
    /// blocked, not silently lost.
    case readOnly(reason: String)
    /// Every change is saved, and the store accepts changes again after being read-only
    /// (a server that answers again); the note says so for a while.
    case resumed(note: String)
}
