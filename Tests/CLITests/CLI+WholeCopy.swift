import Foundation
import PartnerCore
import PartnerStore
import Testing

extension CLI {
    /// The demo given a format-11 snapshot (so a command may read only what it needs), and a
    /// copy made before it that has none (so every command there reads the whole journal):
    /// the same change is made on both. Returns the copy's path and its model.
    func snapshotAndWholeCopy() throws -> (whole: String, model: PartnerModel) {
        let whole = scratch.appendingPathComponent("whole").path
        try FileManager.default.copyItem(atPath: workspace.path, toPath: whole)
        let add = ["users", "add", "--name", "Dee Ray", "--user", "dee", "--as", Demo.ana]
        #expect(try run(add, environment: ["PARTNERDASH_CHECKPOINT_BYTES": "1"]).status == 0)
        #expect(try run(add + ["--data", whole]).status == 0)
        let store = try WorkspaceStore.open(directory: whole)
        defer { store.close() }
        return (whole, store.model)
    }
}
