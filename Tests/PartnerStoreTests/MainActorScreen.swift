@testable import PartnerStore

/// Stands for a dashboard screen: main-actor state that owns the store.
@MainActor
final class MainActorScreen {
    let store: WorkspaceStore

    init(store: WorkspaceStore) { self.store = store }

    /// How the dashboard checkpoints: a main-actor task whose snapshot write runs elsewhere.
    func startCheckpoint() -> Task<CheckpointReport, any Error> {
        Task { try await store.checkpointInBackground() }
    }
}
