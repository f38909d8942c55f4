import Testing
@testable import PartnerStore
@testable import PartnerWorkspace

struct BinaryCodingTests {
    @Test func primitivesRoundTrip() throws {
        var writer = BinaryWriter()
        writer.writeUInt8(0xAB)
        writer.writeBool(true)
        writer.writeBool(false)
        let unsigned: [UInt64] = [0, 1, 127, 128, 300, 16_383, 16_384, UInt64(UInt32.max), UInt64.max]
        for value in unsigned { writer.writeVarUInt(value) }
        let signed: [Int64] = [0, -1, 1, -64, 64, Int64.min, Int64.max, -123_456_789]
        for value in signed { writer.writeVarInt(value) }
        writer.writeInt(-42)
        writer.writeUInt32(0xDEAD_BEEF)
        writer.writeUInt64(0x0123_4567_89AB_CDEF)
        let doubles: [Double] = [0, -0.0, 1.5, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        for value in doubles { writer.writeDouble(value) }
        writer.writeDouble(.nan)
        writer.writeString("")
        writer.writeString("Contoso — 日本 é")
        writer.writeString(String(repeating: "x", count: 300))
        writer.writeBytes([1, 2, 3])
        writer.writeOptional(String?.none) { $0.writeString($1) }
        writer.writeOptional("here") { $0.writeString($1) }
        writer.writeArray([3, 1, 4, 1, 5]) { $0.writeInt($1) }

        var reader = BinaryReader(writer.bytes)
        #expect(try reader.readUInt8() == 0xAB)
        #expect(try reader.readBool() == true)
        #expect(try reader.readBool() == false)
        for value in unsigned { #expect(try reader.readVarUInt() == value) }
        for value in signed { #expect(try reader.readVarInt() == value) }
        #expect(try reader.readInt() == -42)
        #expect(try reader.readUInt32() == 0xDEAD_BEEF)
        #expect(try reader.readUInt64() == 0x0123_4567_89AB_CDEF)
        for value in doubles { #expect(try reader.readDouble().bitPattern == value.bitPattern) }
        #expect(try reader.readDouble().isNaN)
        #expect(try reader.readString() == "")
        #expect(try reader.readString() == "Contoso — 日本 é")
        #expect(try reader.readString() == String(repeating: "x", count: 300))
        #expect(try reader.readBytes() == [1, 2, 3])
        #expect(try reader.readOptional { try $0.readString() } == nil)
        #expect(try reader.readOptional { try $0.readString() } == "here")
        #expect(try reader.readArray { try $0.readInt() } == [3, 1, 4, 1, 5])
        #expect(reader.isAtEnd)
        try reader.expectEnd("test data")
    }

    @Test func littleEndianLayout() {
        var writer = BinaryWriter()
        writer.writeUInt32(0x0403_0201)
        writer.writeVarUInt(300)
        writer.writeVarInt(-1)
        #expect(writer.bytes == [1, 2, 3, 4, 0xAC, 0x02, 0x01])
    }

    /// Every prefix of a valid encoding must throw, never trap or return garbage silently.
    @Test func everyTruncationThrowsWithOffset() throws {
        var writer = BinaryWriter()
        writer.writeString("partner")
        writer.writeVarUInt(UInt64.max)
        writer.writeUInt64(7)
        writer.writeArray(["a", "bc"]) { $0.writeString($1) }
        let full = writer.bytes
        func decode(_ bytes: [UInt8]) throws {
            var reader = BinaryReader(bytes)
            _ = try reader.readString()
            _ = try reader.readVarUInt()
            _ = try reader.readUInt64()
            _ = try reader.readArray { try $0.readString() }
        }
        try decode(full)
        for cut in 0..<full.count {
            #expect(throws: StoreError.self, "cut at \(cut)") { try decode(Array(full[..<cut])) }
        }
    }

    @Test func truncationErrorNamesTheOffset() {
        var reader = BinaryReader([1, 2, 3], offset: 1)
        #expect(throws: StoreError.malformed(offset: 1, reason: "truncated UInt32: needs 4 bytes, 2 left")) {
            try reader.readUInt32()
        }
    }

    @Test func malformedValuesAreRejected() {
        var badBool = BinaryReader([2])
        #expect(throws: StoreError.self) { try badBool.readBool() }
        var badOptional = BinaryReader([9])
        #expect(throws: StoreError.self) { try badOptional.readOptional { try $0.readUInt8() } }
        // Eleven continuation bytes overflow 64 bits.
        var overlong = BinaryReader([UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(throws: StoreError.self) { try overlong.readVarUInt() }
        // A huge count must fail before allocating.
        var hugeCount = BinaryReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: StoreError.self) { try hugeCount.readArray { try $0.readUInt8() } }
        var hugeString = BinaryReader([0x80, 0x01, 0x41])
        #expect(throws: StoreError.self) { try hugeString.readString() }
        var trailing = BinaryReader([1, 2])
        _ = try? trailing.readUInt8()
        #expect(throws: StoreError.self) { try trailing.expectEnd("value") }
    }

    @Test func readerHonoursItsWindow() throws {
        var reader = BinaryReader([9, 9, 5, 6, 9], offset: 2, end: 4)
        #expect(try reader.readUInt8() == 5)
        #expect(try reader.readUInt8() == 6)
        #expect(throws: StoreError.self) { try reader.readUInt8() }
    }

    @Test func patchOverwritesInPlace() {
        var writer = BinaryWriter()
        writer.writeUInt8(7)
        writer.writeUInt32(0)
        writer.patchUInt32(0xAABB_CCDD, at: 1)
        #expect(writer.bytes == [7, 0xDD, 0xCC, 0xBB, 0xAA])
    }

    @Test func sharedStringsAreEqualAndShareStorage() throws {
        let long = "ana@contosodistribution.onmicrosoft.com"
        let values = [long, "short", long, "Microsoft 365 Business Premium", String(repeating: "é", count: 200), long,
                      String(repeating: "x", count: 300), "Microsoft 365 Business Premium"]
        // Many distinct long strings force slot collisions; each must still read back exactly.
        let distinct = (0..<10_000).map { "customer-\($0)@example.onmicrosoft.com" }
        var writer = BinaryWriter()
        for value in values + distinct { writer.writeString(value) }
        var reader = BinaryReader(writer.bytes)
        var read: [String] = []
        for _ in 0..<(values.count + distinct.count) { read.append(try reader.readSharedString()) }
        #expect(read == values + distinct)
        var first = read[0], second = read[2]
        let sameStorage = first.withUTF8 { a in second.withUTF8 { b in a.baseAddress == b.baseAddress } }
        #expect(sameStorage)
        var truncated = BinaryReader(Array(writer.bytes.prefix(10)))
        #expect(throws: StoreError.self) { try truncated.readSharedString() }
    }
}
