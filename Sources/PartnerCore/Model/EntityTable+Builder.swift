extension EntityTable {
    /// A table filled as a snapshot is read: the values are appended to the chunks as they
    /// come and the id map is built once, at the end, from all of them (`SlotMap(tags:…)`),
    /// instead of one probe and one insert per value into a map that outgrows the caches.
    public struct Builder {
        private var chunks: [[Value]] = []
        public private(set) var count = 0

        /// `capacity` sizes the list of chunks (the chunks fill as they come).
        public init(capacity: Int = 0) {
            chunks.reserveCapacity((capacity + EntityTable.chunkSize - 1) >> EntityTable.chunkShift)
        }

        public mutating func append(_ value: Value) {
            if chunks.last.map({ $0.count == EntityTable.chunkSize }) ?? true {
                var chunk: [Value] = []
                // The first chunk grows as an array does, so a small table stays small.
                if !chunks.isEmpty { chunk.reserveCapacity(EntityTable.chunkSize) }
                chunks.append(chunk)
            }
            chunks[chunks.count - 1].append(value)
            count += 1
        }

        /// The table of the values appended, and the first of them whose id an earlier one
        /// had. Two values with one id are a crafted file's (our encoder writes each entity
        /// once): the table is then the one inserting them in order makes, the later
        /// replacing the earlier.
        public func finish() -> (table: EntityTable, firstDuplicate: ID?) {
            var tags: [UInt32] = []
            tags.reserveCapacity(count)
            // By index: iterating would copy each value out (retaining its strings).
            for chunk in chunks {
                for offset in chunk.indices { tags.append(EntityTable.tag(chunk[offset].id)) }
            }
            let chunks = self.chunks
            func id(_ slot: UInt32) -> ID {
                chunks[Int(slot) >> EntityTable.chunkShift][Int(slot) & (EntityTable.chunkSize - 1)].id
            }
            if let slots = SlotMap(tags: tags, sameId: { id($0) == id($1) }) {
                return (EntityTable(chunks: chunks, slots: slots), nil)
            }
            var table = EntityTable(), firstDuplicate: ID?
            for chunk in chunks {
                for value in chunk where !table.insert(value) && firstDuplicate == nil { firstDuplicate = value.id }
            }
            return (table, firstDuplicate)
        }
    }
}

extension EntityTable.Builder: Sendable where Value: Sendable {}
