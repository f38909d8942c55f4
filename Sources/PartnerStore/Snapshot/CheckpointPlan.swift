import PartnerCore

/// The part of a checkpoint that may run on another thread: everything in it
/// is a value, so the live model can keep changing meanwhile.
struct CheckpointPlan: Sendable {
    var model: PartnerModel
    var sequence: UInt64
    var directory: String
    /// Held from the plan until the covered segments are deleted: one snapshot writer at a time.
    /// Nil only for a workspace being created, which nobody else can have open yet.
    var snapshotLock: SnapshotLock? = nil

    /// Encodes and durably writes the snapshot, then prunes older ones.
    /// Returns the file written and the sequence of the fallback snapshot kept.
    func writeSnapshot() throws -> (file: String, fallback: UInt64?) {
        let file = try SnapshotFile.write(
            payloadParts: ModelCodec.encodeParts(model), sequence: sequence, formatVersion: ModelCodec.currentVersion, directory: directory)
        let fallback = try SnapshotFile.prune(
            directory: directory, newest: sequence, readableVersions: ModelCodec.readableVersions)
        return (file, fallback)
    }

}
