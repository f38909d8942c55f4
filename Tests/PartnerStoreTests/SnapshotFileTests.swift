import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

struct SnapshotFileTests {
    static let versions: ClosedRange<UInt32> = 1...2

    @Test func writeThenLoadNewest() throws {
        try withTemporaryDirectory { dir in
            #expect(try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions).snapshot == nil)
            try SnapshotFile.write(payload: [1, 2, 3], sequence: 5, formatVersion: 2, directory: dir.path)
            try SnapshotFile.write(payload: [4, 5], sequence: 9, formatVersion: 2, directory: dir.path)
            let load = try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions)
            #expect(load.snapshot?.sequence == 9)
            #expect(try load.snapshot?.payload == [4, 5])
            #expect(load.snapshot?.formatVersion == 2)
            #expect(load.skipped.isEmpty)
            var reader = try #require(load.snapshot).payloadReader()
            #expect(try reader.readUInt8() == 4)
            #expect(try dir.names() == ["snapshot-00000000000000000005.bin", "snapshot-00000000000000000009.bin"])
        }
    }

    @Test func previousFormatVersionIsStillRead() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [7], sequence: 1, formatVersion: 1, directory: dir.path)
            #expect(try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions).snapshot?.formatVersion == 1)
        }
    }

    @Test func flippedByteInNewestFallsBackToPreviousAndLeavesTheFile() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: Array("older".utf8), sequence: 3, formatVersion: 2, directory: dir.path)
            try SnapshotFile.write(payload: Array("newer".utf8), sequence: 8, formatVersion: 2, directory: dir.path)
            let name = "snapshot-00000000000000000008.bin"
            let original = try dir.bytes(name)
            // Each byte of header and payload in turn.
            for position in 0..<original.count {
                var damaged = original
                damaged[position] ^= 0x01
                try dir.write(damaged, to: name)
                let load = try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions)
                #expect(load.snapshot?.sequence == 3, "flipped byte \(position)")
                #expect(try load.snapshot?.payload == Array("older".utf8))
                #expect(load.skipped.count == 1)
                #expect(load.skipped.first?.contains(name) == true)
                #expect(try dir.bytes(name) == damaged)
            }
        }
    }

    @Test func bothDamagedIsAClearError() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [1, 2, 3], sequence: 3, formatVersion: 2, directory: dir.path)
            try SnapshotFile.write(payload: [4, 5, 6], sequence: 8, formatVersion: 2, directory: dir.path)
            for name in try dir.names() {
                var bytes = try dir.bytes(name)
                bytes[bytes.count - 1] ^= 0xFF
                try dir.write(bytes, to: name)
            }
            let before = try dir.contents()
            let error = #expect(throws: StoreError.self) {
                try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions)
            }
            guard case let .noUsableSnapshot(problems) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(problems.count == 2)
            let text = "\(try #require(error))"
            #expect(text.hasPrefix("no usable snapshot: "))
            #expect(text.contains("snapshot-00000000000000000008.bin is damaged at byte 32: payload checksum"))
            #expect(text.contains("snapshot-00000000000000000003.bin"))
            #expect(try dir.contents() == before)
        }
    }

    @Test func truncatedSnapshotIsDamage() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [1, 2, 3, 4], sequence: 4, formatVersion: 2, directory: dir.path)
            let name = "snapshot-00000000000000000004.bin"
            let full = try dir.bytes(name)
            for cut in 0..<full.count {
                try dir.write(Array(full[..<cut]), to: name)
                #expect(throws: StoreError.self, "cut at \(cut)") {
                    try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions)
                }
            }
        }
    }

    @Test func newerFormatIsRefusedNotSkipped() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [1], sequence: 1, formatVersion: 2, directory: dir.path)
            try SnapshotFile.write(payload: [1], sequence: 2, formatVersion: 3, directory: dir.path)
            let error = #expect(throws: StoreError.self) {
                try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions)
            }
            #expect(error == .newerFormat(file: dir.file("snapshot-00000000000000000002.bin"), found: 3, supported: 2))
            #expect("\(try #require(error))".hasSuffix("workspace format 3 is newer than this partnerdash (reads up to 2)"))
        }
    }

    @Test func olderThanReadableFormatIsRefused() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [1], sequence: 1, formatVersion: 0, directory: dir.path)
            #expect(throws: StoreError.self) { try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions) }
        }
    }

    @Test func existingSnapshotIsNeverOverwritten() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [1], sequence: 1, formatVersion: 2, directory: dir.path)
            let before = try dir.contents()
            #expect(throws: StoreError.self) {
                try SnapshotFile.write(payload: [2], sequence: 1, formatVersion: 2, directory: dir.path)
            }
            #expect(try dir.contents() == before)
        }
    }

    @Test func pruneKeepsNewestAndOneSoundFallbackAndEveryDamagedFile() throws {
        try withTemporaryDirectory { dir in
            for sequence: UInt64 in [1, 2, 3, 4] {
                try SnapshotFile.write(payload: [UInt8(sequence)], sequence: sequence, formatVersion: 2, directory: dir.path)
            }
            // The newest before 4 is damaged: it is kept, and the fallback is 2.
            let damagedName = "snapshot-00000000000000000003.bin"
            var damaged = try dir.bytes(damagedName)
            damaged[damaged.count - 1] ^= 1
            try dir.write(damaged, to: damagedName)
            let fallback = try SnapshotFile.prune(directory: dir.path, newest: 4, readableVersions: Self.versions)
            #expect(fallback == 2)
            #expect(try dir.names() == [
                "snapshot-00000000000000000002.bin", damagedName, "snapshot-00000000000000000004.bin",
            ])
            #expect(try dir.bytes(damagedName) == damaged)
        }
    }

    @Test func pruneWithoutPreviousSnapshotHasNoFallback() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [1], sequence: 1, formatVersion: 2, directory: dir.path)
            #expect(try SnapshotFile.prune(directory: dir.path, newest: 1, readableVersions: Self.versions) == nil)
            #expect(try dir.names() == ["snapshot-00000000000000000001.bin"])
        }
    }

    @Test func snapshotWhoseHeaderDisagreesWithItsNameIsDamage() throws {
        try withTemporaryDirectory { dir in
            try SnapshotFile.write(payload: [1], sequence: 1, formatVersion: 2, directory: dir.path)
            try dir.write(try dir.bytes("snapshot-00000000000000000001.bin"), to: "snapshot-00000000000000000007.bin")
            let load = try SnapshotFile.loadNewest(directory: dir.path, readableVersions: Self.versions)
            #expect(load.snapshot?.sequence == 1)
            #expect(load.skipped.count == 1)
        }
    }
}
