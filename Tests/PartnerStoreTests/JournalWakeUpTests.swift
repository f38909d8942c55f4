import Foundation
import Synchronization
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// The journal's third promise: readers are told that records exist (a wake-up, then
/// they read from the last sequence they saw), never for a refused append.
struct JournalWakeUpTests {
    @Test func listenersAreWokenAfterEachDurableAppendWithTheLastSequence() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            let seen = Mutex<[UInt64]>([])
            let subscription = journal.wakeUps.subscribe { last in seen.withLock { $0.append(last) } }
            _ = try journal.append([entry("a")], expectedLastSequence: 0)
            _ = try journal.append([entry("b"), entry("c")], expectedLastSequence: 1)
            #expect(seen.withLock { $0 } == [1, 3])

            // A refused append wakes no one.
            #expect(throws: StoreError.self) { try journal.append([entry("stale")], expectedLastSequence: 1) }
            #expect(seen.withLock { $0 } == [1, 3])

            subscription.cancel()
            _ = try journal.append([entry("d")], expectedLastSequence: 3)
            #expect(seen.withLock { $0 } == [1, 3], "a cancelled subscription is not woken")
        }
    }

    @Test func aReleasedSubscriptionStopsItsWakeUps() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            let count = Mutex(0)
            var subscription: JournalSubscription? = journal.wakeUps.subscribe { _ in count.withLock { $0 += 1 } }
            try withExtendedLifetime(subscription) {
                _ = try journal.append([entry("a")], expectedLastSequence: 0)
            }
            subscription = nil
            _ = try journal.append([entry("b")], expectedLastSequence: 1)
            #expect(count.withLock { $0 } == 1)
        }
    }

    @Test func aWokenReaderReadsExactlyTheNewRecordsFromWhatItSaw() throws {
        try withTemporaryDirectory { dir in
            let journal = try FileJournal.create(directory: dir.path)
            _ = try journal.append([entry("before")], expectedLastSequence: 0)
            // The listener runs on the appending thread once the append is durable, so
            // it may read the journal there; it keeps its own position, as a tailing
            // dashboard on another machine would.
            nonisolated(unsafe) let reading = journal
            let tail = Mutex<(position: UInt64, words: [String])>((1, []))
            let subscription = journal.wakeUps.subscribe { _ in
                tail.withLock { state in
                    guard let fresh = try? reading.records(after: state.position) else { return }
                    state.words += fresh.map { String(decoding: $0.payload, as: UTF8.self) }
                    state.position = fresh.last?.sequence ?? state.position
                }
            }
            defer { subscription.cancel() }
            _ = try journal.append([entry("one")], expectedLastSequence: 1)
            _ = try journal.append([entry("two"), entry("three")], expectedLastSequence: 2)
            #expect(tail.withLock { $0.words } == ["one", "two", "three"])
            #expect(tail.withLock { $0.position } == journal.lastSequence)
        }
    }
}
