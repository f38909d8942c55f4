import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// The dashboard owns its store on the main actor; this is how it checkpoints
/// without freezing (it must compile under strict concurrency and keep working).
@MainActor
struct MainActorCheckpointTests {
    @Test func checkpointFromTheMainActorWhileCommitting() async throws {
        try await withTemporaryDirectory { dir in
            let world = try TestWorlds.demo()
            let screen = MainActorScreen(store: try WorkspaceStore.create(directory: dir.file("ws")))
            try screen.store.commit(Array(world.transactions.prefix(25)))
            let checkpoint = screen.startCheckpoint()
            // Whether this runs before the checkpoint begins or while its snapshot is written, nothing may be lost.
            try screen.store.commit(Array(world.transactions.dropFirst(25)))
            let written = try await checkpoint.value
            #expect(written.sequence == 25 || written.sequence == UInt64(world.transactions.count))
            #expect(screen.store.model == world.model)
            #expect(!screen.store.isCheckpointRunning)
            screen.store.close()
            #expect(try WorkspaceStore.open(directory: dir.file("ws")).model == world.model)
        }
    }
}
