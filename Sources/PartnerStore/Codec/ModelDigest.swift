import Crypto
import PartnerCore

/// A stable fingerprint of a model's contents, for comparing what several processes hold
/// (`partnerdash check` prints it as "Model digest"). Equal models give equal digests
/// whatever order their dictionaries iterate in: each entity is encoded with the
/// snapshot codec, the encodings of a collection are sorted, and the lot is hashed
/// with SHA-256 together with the audit log (in order) and the last sequence.
public enum ModelDigest {
    /// Throws when a chunk of the audit log cannot be read from its snapshot (`AuditChunkSource`).
    public static func hex(_ model: PartnerModel) throws -> String {
        var hasher = SHA256()
        func section(_ encodings: [[UInt8]]) {
            var count = UInt64(encodings.count).littleEndian
            withUnsafeBytes(of: &count) { hasher.update(bufferPointer: $0) }
            for bytes in encodings.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                var length = UInt64(bytes.count).littleEndian
                withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
                bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            }
        }
        func each<C: Collection>(_ values: C, _ write: (C.Element, inout BinaryWriter) -> Void) -> [[UInt8]] {
            values.map { value in
                var w = BinaryWriter(capacity: 256)
                write(value, &w)
                return w.finish()
            }
        }
        section(each(model.accounts.values) { ModelCodec.write($0, &$1) })
        section(each(model.users.values) { ModelCodec.write($0, &$1) })
        section(each(model.membershipProfiles.values) { ModelCodec.write($0, &$1) })
        section(each(model.listings) { entry, w in
            ModelCodec.write(entry.key, &w)
            w.writeArray(entry.value) { ModelCodec.write($1, &$0) }
        })
        section(each(model.changeRequests.values) { ModelCodec.write($0, &$1) })
        section(each(model.invitations.values) { ModelCodec.write($0, &$1) })
        section(each(model.partnerships.values) { ModelCodec.write($0, &$1) })
        section(each(model.customers.values) { ModelCodec.write($0, &$1) })
        section(each(model.orders.values) { ModelCodec.write($0, &$1) })
        section(each(model.subscriptions.values) { ModelCodec.write($0, &$1) })
        // The log's bytes as one array of records, hashed a megabyte at a time: its cold
        // chunks are read from their snapshot one by one, never all held at once.
        var audit = BinaryWriter(capacity: 1 << 20 + 4096)
        func flush() {
            var full = BinaryWriter(capacity: 1 << 20 + 4096)
            swap(&full, &audit)
            full.finish().withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        audit.writeVarUInt(UInt64(model.auditLog.count))
        try model.auditLog.forEachRecord { record in
            ModelCodec.write(record, &audit)
            if audit.count >= 1 << 20 { flush() }
        }
        audit.writeUInt64(model.lastSequence)
        flush()
        return hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }.joined()
    }
}
