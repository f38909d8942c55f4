import Foundation
import PartnerStore

/// A file the user asked for (a list on screen as CSV), in the workspace's `exports/`
/// folder: the folder 0700 and the file 0600, since it holds partner data.
public enum ExportFile {
    /// Writes `<stem>-<UTC time>.<ext>` (`customers-20261121T105800.csv`) and returns
    /// where. An export in the same second gets `-2`, `-3`…: none replaces an earlier one.
    public static func write(_ data: Data, workspace: URL, stem: String, fileExtension: String = "csv",
                             now: Date) throws -> URL {
        let folder = workspace.appendingPathComponent("exports", isDirectory: true)
        try PrivateFiles.makeDirectory(folder)
        let name = "\(stem)-\(Outbox.stamp(now))"
        var url = folder.appendingPathComponent("\(name).\(fileExtension)")
        var n = 2
        while FileManager.default.fileExists(atPath: url.path) {
            url = folder.appendingPathComponent("\(name)-\(n).\(fileExtension)")
            n += 1
        }
        try PrivateFiles.write(data, to: url)
        return url
    }
}
