import Foundation
@testable import PartnerCore
import Testing
@testable import PartnerStore

/// The open summarizes a cold audit chunk's rows in place (`AuditRowRun`) instead of reading
/// each as a `Row`: for the chunk's bytes as written and with bytes of its rows changed, the
/// summary gives the verdict reading the chunk whole gives (the same error, by reason), and
/// when both read it, the same first and last sequence, the same descents and the same accounts.
struct AuditRowRunTests {
    /// A log of one full chunk and a few records after it (the demo's transactions over and over).
    static func model() throws -> PartnerModel {
        let demo = try TestWorlds.demo().transactions
        var model = PartnerModel()
        var sequence: UInt64 = 0
        while model.auditLog.count < AuditChunk.capacity + 10 {
            sequence += 1
            model.apply(demo[Int(sequence - 1) % demo.count], sequence: sequence)
        }
        return model
    }

    /// What the summary and the whole read agree on, or the reason both refuse the bytes.
    enum Verdict: Equatable {
        case read(first: UInt64, last: UInt64, descents: [ColdAuditChunk.Descent], accounts: [AccountID])
        case refused(String)
    }

    static func summarized(_ bytes: [UInt8], chunkStart: Int, candidates: [AccountID]) -> Verdict {
        var reader = BinaryReader(bytes, offset: chunkStart)
        var named: [AccountID] = []
        do {
            let summary = try ModelCodec.summarizeAuditChunk(&reader, numbering: NamedAccounts.Numbering(), named: &named)
            return .read(first: summary.first, last: summary.last, descents: summary.descents,
                         accounts: candidates.filter(summary.accounts.contains))
        } catch let StoreError.malformed(_, reason) {
            return .refused(reason)
        } catch {
            return .refused("\(error)")
        }
    }

    static func readWhole(_ bytes: [UInt8], chunkStart: Int, candidates: [AccountID]) -> Verdict {
        var reader = BinaryReader(bytes, offset: chunkStart)
        do {
            let chunk = try ModelCodec.readAuditChunk(&reader)
            var descents: [ColdAuditChunk.Descent] = []
            for (position, pair) in zip(chunk.rows, chunk.rows.dropFirst()).enumerated() where pair.0.sequence > pair.1.sequence {
                descents.append(ColdAuditChunk.Descent(position: position + 1, earlier: pair.0.sequence, later: pair.1.sequence))
            }
            let named = Set(chunk.accounts.compactMap { $0 } + chunk.involved.joined())
            return .read(first: chunk.rows[0].sequence, last: chunk.rows[chunk.rows.count - 1].sequence,
                         descents: descents, accounts: candidates.filter(named.contains))
        } catch let StoreError.malformed(_, reason) {
            return .refused(reason)
        } catch {
            return .refused("\(error)")
        }
    }

    @Test func theSummaryInPlaceGivesTheWholeReadsVerdictForEveryChangedRowByte() throws {
        let model = try Self.model()
        var section = BinaryWriter(capacity: 1 << 20)
        try ModelCodec.writeAuditLog(model.auditLog, &section)
        let bytes = section.finish()
        var counts = BinaryReader(bytes)
        _ = try counts.readVarUInt()
        #expect(try counts.readVarUInt() == 1)
        let chunkStart = counts.offset
        // The chunk's rows end where the records after it begin.
        var afterChunk = BinaryReader(bytes, offset: chunkStart)
        _ = try ModelCodec.readAuditChunk(&afterChunk)
        let rowsStart = afterChunk.offset - AuditRowRun.byteCount
        let candidates = Array(model.accounts.keys).sorted() + [AccountID(high: 1, low: 2)]

        let sound = Self.summarized(bytes, chunkStart: chunkStart, candidates: candidates)
        #expect(sound == Self.readWhole(bytes, chunkStart: chunkStart, candidates: candidates))
        guard case .read(_, _, let descents, let accounts) = sound else {
            Issue.record("the sound chunk was refused: \(sound)")
            return
        }
        #expect(descents.isEmpty && accounts.count >= 2)

        // Every byte of the first two rows and the last, and bytes spread over the rest,
        // each set to values that overflow a field, name a case no format has, or lower a sequence.
        var generator = SystemRandomNumberGenerator()
        let spread = (0..<300).map { _ in rowsStart + Int.random(in: 80..<AuditRowRun.byteCount - 40, using: &generator) }
        let offsets = Array(rowsStart..<rowsStart + 80) + Array(rowsStart + AuditRowRun.byteCount - 40..<rowsStart + AuditRowRun.byteCount) + spread
        var refused = 0, descending = 0
        for offset in offsets {
            for value: UInt8 in [0xFF, 0x00, 0x7F, UInt8.random(in: 0...255, using: &generator)] where value != bytes[offset] {
                var damaged = bytes
                damaged[offset] = value
                let inPlace = Self.summarized(damaged, chunkStart: chunkStart, candidates: candidates)
                let whole = Self.readWhole(damaged, chunkStart: chunkStart, candidates: candidates)
                #expect(inPlace == whole, "byte \(offset - rowsStart) of the rows set to \(value)")
                if case .refused = whole { refused += 1 }
                if case .read(_, _, let found, _) = whole, !found.isEmpty { descending += 1 }
            }
        }
        #expect(refused > 100 && descending > 10, "\(refused) refused, \(descending) with a descent")
    }
}
