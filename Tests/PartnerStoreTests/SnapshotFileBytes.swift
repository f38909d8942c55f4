import Foundation
@testable import PartnerStore

/// A snapshot file's section table as its header vouches for it, and a byte of it flipped:
/// how the tests of damaged sections find and damage them.
enum SnapshotFileBytes {
    static func table(_ path: String) throws -> SnapshotSectionTable {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try bytes.withUnsafeBytes {
            let header = try SnapshotHeader.decode($0).get()
            return try SnapshotSectionTable.decode(UnsafeRawBufferPointer(rebasing: $0[SnapshotHeader.size...]), header: header).get()
        }
    }

    static func flip(_ path: String, at offset: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
