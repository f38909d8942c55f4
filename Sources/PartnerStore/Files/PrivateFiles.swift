import Foundation

/// Files and directories only the owner can read (workspace data holds partner data).
/// The same calls as the journal and snapshots (`FileSystem`, `POSIXFile`), for the
/// outbox, exports and files the command line writes.
public enum PrivateFiles {
    /// The directory 0700, its missing parents made first.
    public static func makeDirectory(_ url: URL) throws {
        let parent = url.deletingLastPathComponent()
        if !FileSystem.isDirectory(parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        try FileSystem.makePrivateDirectory(url.path)
    }

    /// The file created (or emptied) 0600, written whole and fsynced.
    public static func write(_ data: Data, to url: URL) throws {
        let file = try POSIXFile.createTruncating(url.path)
        defer { file.close() }
        try data.withUnsafeBytes { try file.write($0) }
        try file.syncAll()
    }

    /// The file 0600, written whole under a temporary name and renamed into place: a
    /// reader (or a crash) sees the old file or the new one, never a part.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        try FileSystem.writeAtomically([[UInt8](data)], to: url.path, in: url.deletingLastPathComponent().path)
    }
}
