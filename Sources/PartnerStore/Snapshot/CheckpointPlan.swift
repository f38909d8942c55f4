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
    /// `inBackground`: encoded on lowered threads (`BackgroundThreads`), for a caller that
    /// is itself such a thread, so the owner's thread is never the one that waits for a core.
    func writeSnapshot(inBackground: Bool = false) throws -> (file: String, fallback: UInt64?) {
        let parts = inBackground ? ModelCodec.encodePartsInBackground(model) : ModelCodec.encodeParts(model)
        let file = try SnapshotFile.write(
            payloadParts: parts, sequence: sequence, formatVersion: ModelCodec.currentVersion, directory: directory)
        let fallback = try SnapshotFile.prune(
            directory: directory, newest: sequence, readableVersions: ModelCodec.readableVersions)
        return (file, fallback)
    }

}
