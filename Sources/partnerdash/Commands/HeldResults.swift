import Foundation
import PartnerStore

/// Group commit for a batch: its commands' changes are written and applied one by one, but
/// synced together (`WorkspaceStore.defersSyncs`), and no command's result is printed before
/// the sync that makes every change before it durable. So a result is never an
/// acknowledgement of a change that a machine stop could still take back, nor a listing of
/// one; yet a group of changes costs one `fdatasync` instead of one each (500 changes
/// took 100 syncs at load 4, where each command took ~5 ms and groups are cut at 50 ms).
///
/// Results wait at most until the input has no line ready (a script that writes a line
/// and waits for its answer gets it at once), `limit` results, or `window`; with nothing
/// left unsynced they are printed at once, as a batch of reads always was.
struct HeldResults {
    private let store: WorkspaceStore?
    private var held: [BatchResult] = []
    private var heldSince: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    static let limit = 256
    static let window = Duration.milliseconds(50)

    /// `store` is the batch's file store (nil in the shared mode, whose every change is a
    /// committed transaction of the server: nothing to group).
    init(store: WorkspaceStore?) {
        self.store = store
        store?.defersSyncs = true
    }

    mutating func hold(_ result: BatchResult) {
        if held.isEmpty { heldSince = clock.now }
        held.append(result)
    }

    /// Whether the held results should be released now.
    func isDue(moreInputReady: Bool) -> Bool {
        guard !held.isEmpty else { return false }
        guard let store, store.unsyncedChanges != nil else { return true }
        guard moreInputReady, held.count < Self.limit, let heldSince else { return true }
        return clock.now - heldSince >= Self.window
    }

    /// Syncs what the held commands changed, then writes their results in order. When the
    /// sync fails, none of them is acknowledged: each result becomes the storage failure.
    mutating func release(_ write: (BatchResult) -> Void) -> (worst: Int32, syncFailed: Bool) {
        guard !held.isEmpty || store?.unsyncedChanges != nil else { return (0, false) }
        var results = held
        held = []
        heldSince = nil
        var syncFailed = false
        let changes = store?.unsyncedChanges
        do {
            try store?.syncDeferredChanges()
            if let changes {
                Invocation.log.debug("synced a batch's changes", metadata: ["changes": "\(changes.count)", "results": "\(results.count)"])
            }
        } catch {
            syncFailed = true
            let report = Failure.report(for: error)
            results = results.map { BatchResult(line: $0.line, status: report.status, output: Data(), failure: report) }
        }
        results.forEach(write)
        return (results.map(\.status).max() ?? 0, syncFailed)
    }
}
