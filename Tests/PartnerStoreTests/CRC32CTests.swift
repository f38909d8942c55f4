import PartnerCore
import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

struct CRC32CTests {
    @Test func knownVector() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func emptyInputIsZero() {
        #expect(CRC32C.checksum([]) == 0)
    }

    /// 32 zero bytes is a published iSCSI test vector (RFC 3720 B.4).
    @Test func rfc3720Vectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    /// The 8-byte fast path and the byte-at-a-time tail must agree for every split.
    @Test func incrementalMatchesWholeForEverySplit() {
        let data = (0..<67).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = CRC32C.checksum(data)
        for split in 0...data.count {
            var crc = CRC32C()
            crc.update(Array(data[..<split]))
            crc.update(Array(data[split...]))
            #expect(crc.value == whole, "split at \(split)")
        }
    }

    @Test func bitwiseReferenceAgrees() {
        func reference(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return ~crc
        }
        for length in [1, 7, 8, 9, 15, 16, 17, 100, 1000] {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
            #expect(CRC32C.checksum(data) == reference(data), "length \(length)")
        }
    }

    /// The SSE4.2 path (three interleaved streams joined by shift tables over 12 KiB
    /// rounds, an unaligned head and a byte tail) equals slicing-by-8 on random buffers:
    /// every start offset within a word, lengths around each boundary, and large ones.
    // Skipped, and said so, on a CPU without SSE4.2, where there is no hardware path to compare.
    @Test(.enabled(if: CRC32C.isHardwareAccelerated))
    func hardwareMatchesSoftwareOnRandomBuffers() throws {
        var rng = SeededFreshValues(seed: 32)
        let block = 4096
        var lengths = Array(0...40) + [63, 64, 65, 255, 256, 257, 4095, 4096, 4097]
        for k in 1...4 { lengths += [3 * block * k - 9, 3 * block * k - 1, 3 * block * k, 3 * block * k + 1, 3 * block * k + 7] }
        lengths += (0..<20).map { _ in Int.random(in: 1...300_000, using: &rng) }
        let buffer = (0..<(310_000 + 16)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try buffer.withUnsafeBytes { all in
            for length in lengths {
                for start in 0..<9 {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let hardware = try #require(CRC32C.hardwareChecksum(slice))
                    #expect(hardware == CRC32C.softwareChecksum(slice), "length \(length) from offset \(start)")
                }
            }
        }
    }

    /// Feeding the hardware path in uneven pieces gives the checksum of the whole.
    @Test(.enabled(if: CRC32C.isHardwareAccelerated))
    func hardwareIncrementalMatchesWhole() {
        var rng = SeededFreshValues(seed: 33)
        let data = (0..<100_003).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let whole = data.withUnsafeBytes { CRC32C.softwareChecksum($0) }
        var crc = CRC32C()
        var at = 0
        while at < data.count {
            let n = min(Int.random(in: 1...30_000, using: &rng), data.count - at)
            crc.update(Array(data[at..<(at + n)]))
            at += n
        }
        #expect(crc.value == whole)
    }
}
