import Foundation
import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

/// A fresh private directory per test, removed afterwards, so tests can run in parallel.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "partnerstore-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw StoreError.io(operation: "mkdtemp", path: "", errno: errno) }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file(name)))) }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    /// Every file's name and bytes, to prove that a refused open changed nothing.
    func contents() throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for name in try names() { result[name] = try bytes(name) }
        return result
    }

    func copy(to other: TemporaryDirectory) throws {
        for name in try names() { try other.write(try bytes(name), to: name) }
    }
}

func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try body(directory)
}

/// Runs on the caller's actor, so a main-actor test can hand it main-actor state.
nonisolated(nonsending) func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) async throws -> T) async throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try await body(directory)
}

func entry(_ text: String, type: UInt8 = 1) -> JournalEntry {
    JournalEntry(type: type, payload: Array(text.utf8))
}

/// The first segment's name in a journal that starts at sequence 1.
let firstSegment = "journal-00000000000000000001.log"

/// A journal of three records in `dir`; returns where the last one starts.
func journalOfThreeRecords(in dir: TemporaryDirectory, last: String = "third record, the one a crash cut") throws -> Int {
    let journal = try FileJournal.create(directory: dir.path)
    _ = try journal.append([entry("first record")], expectedLastSequence: 0)
    _ = try journal.append([entry("second record")], expectedLastSequence: 1)
    let start = try dir.bytes(firstSegment).count
    _ = try journal.append([entry(last)], expectedLastSequence: 2)
    return start
}

/// The demo world committed in three parts with a checkpoint after the first two (at 20 and
/// 40): snapshots at 20 and 40, segments starting at 21 and 41.
func workspaceWithTwoCheckpoints(at directory: String, world: WorldBuilder) throws -> WorkspaceStore {
    let store = try WorkspaceStore.create(directory: directory)
    try store.commit(Array(world.transactions.prefix(20)))
    try store.checkpoint()
    try store.commit(Array(world.transactions.dropFirst(20).prefix(20)))
    try store.checkpoint()
    try store.commit(Array(world.transactions.dropFirst(40)))
    return store
}

/// Flips `mask` in each byte of `positions` of the first segment in turn: every open must be
/// refused as corruption at `offset` whose reason says `phrase`, and change no file.
func expectEveryFlipIsCorruption(in dir: TemporaryDirectory, positions: Range<Int>, mask: UInt8, at offset: Int,
                                 saying phrase: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let original = try dir.bytes(firstSegment)
    for position in positions {
        var damaged = original
        damaged[position] ^= mask
        try dir.write(damaged, to: firstSegment)
        let before = try dir.contents()
        let error = #expect(throws: StoreError.self, "flipped \(position)", sourceLocation: sourceLocation) {
            try FileJournal(directory: dir.path)
        }
        guard case let .corrupt(file, at, reason) = error else {
            Issue.record("flipped \(position): \(String(describing: error))", sourceLocation: sourceLocation)
            continue
        }
        #expect(file == dir.file(firstSegment), sourceLocation: sourceLocation)
        #expect(at == Int64(offset), "flipped \(position)", sourceLocation: sourceLocation)
        #expect(reason.contains(phrase), "flipped \(position): \(reason)", sourceLocation: sourceLocation)
        #expect(try dir.contents() == before, "flipped \(position): a file was changed", sourceLocation: sourceLocation)
    }
}
