import PartnerCore

/// The subscriptions section (with its length) as every snapshot writes it: the records in
/// the section's order (customer by customer, `PartnerModel.forEachSubscriptionInIndexOrder`,
/// the order `writeArray(model.subscriptionsInIndexOrder)` gives), each record whose table
/// chunk is unchanged since a snapshot file this process read or wrote holds it copied from
/// there, the others encoded; records lying end to end in one file make one copied run.
/// With nothing noted (a model no file holds) every record is encoded: the whole encode.
/// It notes where each customer's subscriptions, each live term end and each record begin
/// (`SubscriptionSummary.Places`), for the summary and the places written after them.
///
/// Not chunk by chunk as customers and orders are: the section follows the customers' order,
/// not the table's. Its runs line up all the same: a model read from a snapshot holds the
/// subscriptions in the file's order, and the index is a hash trie whose order depends only
/// on the customers it holds (their ids' hashes, unseeded), so the next snapshot's order is
/// the file's but where a customer came or moved (a new customer's arrival pushes at most
/// one other a level down the trie) and where a subscription was added.
enum SubscriptionPieces {
    struct Written {
        var pieces: [SnapshotPiece]
        /// Where each table chunk's records lie end to end in slot order, from the section's
        /// start (its length prefix): nil for a chunk whose records the section's order parted.
        var chunks: [EncodedChunkBytes.Place?]
        var places: SubscriptionSummary.Places
    }

    static func write(_ model: PartnerModel) -> Written {
        let table = model.subscriptions
        let size = EntityTable<Subscription>.chunkSize
        let copyable = (0..<table.chunkCount).map { index -> EncodedChunkBytes? in
            guard let noted = table.encodedChunk(index) as? EncodedChunkBytes, noted.recordStarts.count == table.chunk(index).count else {
                return nil
            }
            return noted
        }
        let count = model.subscriptionIndexCount
        var body = SectionPieces(capacity: 1 << 20)
        body.writer.writeVarUInt(UInt64(count))
        var places = SubscriptionSummary.Places(capacity: count)
        var layout = ChunkLayout(slots: table.count, chunkSize: size)
        model.forEachSubscriptionInIndexOrder { slot, subscription in
            let start = body.count
            places.note(subscription, at: UInt64(start))
            if let noted = copyable[slot / size] {
                let offset = slot % size
                let from = noted.range.lowerBound + Int(noted.recordStarts[offset])
                let to = offset + 1 < noted.recordStarts.count ? noted.range.lowerBound + Int(noted.recordStarts[offset + 1]) : noted.range.upperBound
                body.copy(from..<to, of: noted.source)
            } else {
                ModelCodec.write(subscription, &body.writer)
            }
            layout.note(slot: slot, from: start, to: body.count)
        }
        return Written(pieces: body.finish(), chunks: layout.places(), places: places)
    }

    /// Where each slot's record went, to tell which chunks lie end to end in slot order.
    private struct ChunkLayout {
        private let chunkSize: Int
        private let slots: Int
        /// Per slot, where its record begins, from the first byte after the length prefix.
        private var starts: [UInt32]
        /// Per chunk, where its last record ends, and whether every record followed the
        /// slot before it (each written once, and the section small enough for 4-byte places).
        private var ends: [Int]
        private var apart: [Bool]
        private var previous: (slot: Int, end: Int)?

        init(slots: Int, chunkSize: Int) {
            self.chunkSize = chunkSize
            self.slots = slots
            starts = [UInt32](repeating: .max, count: slots)
            let chunks = (slots + chunkSize - 1) / chunkSize
            ends = [Int](repeating: -1, count: chunks)
            apart = [Bool](repeating: false, count: chunks)
        }

        mutating func note(slot: Int, from start: Int, to end: Int) {
            guard slot < slots else { return }
            let chunk = slot / chunkSize
            let followsItsSlotBefore = slot % chunkSize == 0 || (previous?.slot == slot - 1 && previous?.end == start)
            if starts[slot] != .max || end > Int(UInt32.max) || !followsItsSlotBefore { apart[chunk] = true }
            starts[slot] = UInt32(truncatingIfNeeded: start)
            if slot % chunkSize == chunkSize - 1 || slot == slots - 1 { ends[chunk] = end }
            previous = (slot, end)
        }

        func places() -> [EncodedChunkBytes.Place?] {
            ends.indices.map { chunk in
                let first = chunk * chunkSize
                let slotsOfChunk = first..<min(first + chunkSize, slots)
                guard !apart[chunk], ends[chunk] >= 0, slotsOfChunk.allSatisfy({ starts[$0] != .max }) else { return nil }
                let base = Int(starts[first])
                return EncodedChunkBytes.Place(range: 8 + base..<8 + ends[chunk],
                                               recordStarts: slotsOfChunk.map { starts[$0] - UInt32(base) })
            }
        }
    }
}
