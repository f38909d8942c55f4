/// Why one snapshot file cannot be used; the loader then falls back to an older one.
struct SnapshotDamage: Error, Equatable {
    var offset: Int64
    var reason: String
}
