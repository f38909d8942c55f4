import Foundation
import PartnerCore
import Testing
@testable import PartnerStore

/// Seeded fuzzing of every reader of outside bytes (`ReaderFuzzing`), in process: a trap
/// fails the suite, a broken property is recorded. `PARTNERDASH_FUZZ_SEED` changes the seed,
/// `PARTNERDASH_FUZZ_INPUTS` the count; the seed and count are printed, so a failure can be
/// replayed. `scripts/fuzz` runs the same readers under libFuzzer for as long as wanted.
struct ReaderFuzzTests {
    static let defaultSeed: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let defaultInputs = 100_000

    /// SplitMix64 (PartnerCore's seeded source): the same inputs for the same seed everywhere.
    typealias Generator = SeededFreshValues

    /// Valid inputs of one kind and where their length fields are.
    struct Seeds {
        var inputs: [[UInt8]]
        /// For each input, offsets of little-endian UInt32 or UInt64 length fields (offset, width).
        var lengthFields: [[(Int, Int)]]
    }

    /// A small world's journal (a few segments' worth of records), its snapshots and links.
    static func seeds() throws -> (seeds: [ReaderFuzzing.Target: Seeds], originals: ReaderFuzzing.Originals) {
        let world = try TestWorlds.demo()
        var originals = ReaderFuzzing.Originals()
        var segments: [[UInt8]] = []
        var segmentFields: [[(Int, Int)]] = []
        for (first, slice) in [(1, world.transactions.prefix(12)), (13, world.transactions.dropFirst(12).prefix(6))] {
            var writer = BinaryWriter()
            writer.writeRaw(SegmentHeader(version: SegmentHeader.currentVersion, firstSequence: UInt64(first)).encoded())
            var fields: [(Int, Int)] = []
            for (index, transaction) in slice.enumerated() {
                fields.append((writer.count + 10, 4))
                let entry = ModelCodec.encode(transaction)
                RecordFrame.encode(type: entry.type, sequence: UInt64(first + index), payload: entry.payload, into: &writer)
            }
            let segment = writer.finish()
            originals.frames.formUnion(ReaderFuzzing.frames(ofSegment: segment))
            segments.append(segment)
            segmentFields.append(fields)
        }
        var snapshots: [[UInt8]] = []
        var payloads: [[UInt8]] = []
        for count in [3, 9] {
            var model = PartnerModel()
            for (index, transaction) in world.transactions.prefix(count).enumerated() {
                model.apply(transaction, sequence: UInt64(index + 1))
            }
            let payload = try ModelCodec.encode(model)
            payloads.append(payload)
            let file = SnapshotFile.encodedBytes(payloadParts: [payload], sequence: UInt64(count), formatVersion: ModelCodec.currentVersion)
            originals.snapshots.insert(file)
            snapshots.append(file)
        }
        let links = world.model.invitations.keys.prefix(4).map { id in
            let link = InvitationLink(invitationId: id, token: "k2Zt0-c8yQ_rD1vN5wXb")
            return Array("  <\(link)>\n".utf8)
        }
        let seeds: [ReaderFuzzing.Target: Seeds] = [
            .journalSegment: Seeds(inputs: segments, lengthFields: segmentFields),
            .snapshotFile: Seeds(inputs: snapshots, lengthFields: snapshots.map { _ in [(16, 8)] + sectionLengths(at: 32) }),
            .snapshotPayload: Seeds(inputs: payloads, lengthFields: payloads.map { _ in sectionLengths(at: 0) }),
            .invitationLink: Seeds(inputs: links, lengthFields: links.map { _ in [] }),
        ]
        return (seeds, originals)
    }

    /// The first section's length prefix (UInt64) of a payload starting at `offset`.
    static func sectionLengths(at offset: Int) -> [(Int, Int)] { [(offset, 8)] }

    static func mutate(_ seeds: Seeds, _ g: inout Generator) -> [UInt8] {
        let which = Int.random(in: 0..<seeds.inputs.count, using: &g)
        var bytes = seeds.inputs[which]
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            switch Int.random(in: 0..<6, using: &g) {
            case 0 where !bytes.isEmpty:  // bit flip
                bytes[Int.random(in: 0..<bytes.count, using: &g)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &g)
            case 1 where !bytes.isEmpty:  // byte replacement
                bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
            case 2:  // truncation
                bytes.removeSubrange(Int.random(in: 0...bytes.count, using: &g)...)
            case 3:  // insertion
                let at = Int.random(in: 0...bytes.count, using: &g)
                bytes.insert(contentsOf: (0..<Int.random(in: 1...24, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }, at: at)
            case 4:  // splice of two valid inputs
                let other = seeds.inputs[Int.random(in: 0..<seeds.inputs.count, using: &g)]
                let cut = Int.random(in: 0...bytes.count, using: &g)
                bytes = Array(bytes[..<cut]) + Array(other[Int.random(in: 0...other.count, using: &g)...])
            default:  // length-field edit
                guard let field = seeds.lengthFields[which].randomElement(using: &g), field.0 + field.1 <= bytes.count else {
                    continue
                }
                let (offset, width) = field
                let value: UInt64 = [0, 1, UInt64.max, UInt64(UInt32.max), UInt64(bytes.count), UInt64.random(in: 0...4096, using: &g)]
                    .randomElement(using: &g)!
                for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
            }
        }
        return bytes
    }

    @Test func mutatedInputsNeverTrapHangOrGetThroughAChecksum() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["PARTNERDASH_FUZZ_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        let total = environment["PARTNERDASH_FUZZ_INPUTS"].flatMap { Int($0) } ?? Self.defaultInputs
        let (seeds, originals) = try Self.seeds()
        // The originals themselves pass, so the properties are not vacuous.
        for (target, kind) in seeds {
            for input in kind.inputs { #expect(ReaderFuzzing.feed(input, to: target, originals: originals) == nil, "\(target)") }
        }
        #expect(!originals.frames.isEmpty && originals.snapshots.count == 2)
        var g = Generator(seed: seed)
        var fed: [ReaderFuzzing.Target: Int] = [:]
        var broken: [String] = []
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<total {
            let target = ReaderFuzzing.Target.allCases[index % ReaderFuzzing.Target.allCases.count]
            let input = Self.mutate(seeds[target]!, &g)
            fed[target, default: 0] += 1
            if let problem = ReaderFuzzing.feed(input, to: target, originals: originals), broken.count < 10 {
                broken.append("input \(index) (\(target)): \(problem); bytes \(input.prefix(64))")
            }
        }
        print("reader fuzzing: seed \(seed), \(total) inputs \(fed.map { "\($0.key) \($0.value)" }.sorted()), \(clock.now - start)")
        #expect(broken.isEmpty, "seed \(seed): \(broken)")
        #expect(fed.values.reduce(0, +) == total)
    }
}
