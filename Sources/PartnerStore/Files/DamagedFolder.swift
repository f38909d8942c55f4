/// `damaged/` in a workspace (0700, files 0600): every byte cut off or moved out of the
/// journal is kept here, never thrown away unseen. A name already taken gets `-2`, `-3`…
/// so that no earlier evidence is overwritten.
enum DamagedFolder {
    /// Writes `bytes` durably as `<name>.<kind>` and returns its path.
    static func keep(_ bytes: [UInt8], as name: String, kind: String, workspace directory: String) throws -> String {
        let kept = try freePath(for: name, kind: kind, workspace: directory)
        try FileSystem.writeAtomically([bytes], to: kept, in: FileSystem.join(directory, WorkspaceFileName.damaged))
        try FileSystem.syncDirectory(directory)
        return kept
    }

    /// Moves a whole file of the workspace in as `<its name>.<kind>` and returns the new path.
    static func move(_ path: String, kind: String, workspace directory: String) throws -> String {
        let kept = try freePath(for: String(path.split(separator: "/").last ?? "journal"), kind: kind, workspace: directory)
        try FileSystem.rename(path, to: kept)
        try FileSystem.syncDirectory(FileSystem.join(directory, WorkspaceFileName.damaged))
        try FileSystem.syncDirectory(directory)
        return kept
    }

    private static func freePath(for name: String, kind: String, workspace directory: String) throws -> String {
        let damaged = FileSystem.join(directory, WorkspaceFileName.damaged)
        try FileSystem.makePrivateDirectory(damaged)
        var kept = FileSystem.join(damaged, "\(name).\(kind)")
        var copy = 1
        while FileSystem.exists(kept) {
            copy += 1
            kept = FileSystem.join(damaged, "\(name)-\(copy).\(kind)")
        }
        return kept
    }
}
