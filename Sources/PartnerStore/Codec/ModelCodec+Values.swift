import Foundation
import PartnerCore

/// Identifiers, dates and the small value types shared by several entities.
extension ModelCodec {
    /// Two fixed words: ids are random, so a varint would only be longer.
    @inline(__always) static func write(_ id: Ident, _ w: inout BinaryWriter) {
        w.writeUInt64(id.high)
        w.writeUInt64(id.low)
    }

    @inline(__always) static func readIdent(_ r: inout BinaryReader) throws -> Ident {
        Ident(high: try r.readUInt64(), low: try r.readUInt64())
    }

    /// A list of ids that many entities repeat (the same partners concern most audit
    /// records): equal lists share one array buffer rather than one allocation each.
    /// Most records name the partners the one before named, so the ids are compared with
    /// that list as they are read and an array is made only when they differ.
    static func readSharedIdents(_ r: inout BinaryReader) throws -> [Ident] {
        let count = try r.readCount("array count")
        guard count > 0 else { return [] }
        let last = r.lastSharedIdents
        var read: [Ident]?
        for index in 0..<count {
            let id = try readIdent(&r)
            if read == nil, index < last.count, last[index] == id { continue }
            if read == nil {
                read = Array(last.prefix(index))
                read?.reserveCapacity(count)
            }
            read?.append(id)
        }
        if read == nil, count == last.count { return last }
        let ids = r.sharedIdentLists.intern(read ?? Array(last.prefix(count)))
        r.lastSharedIdents = ids
        return ids
    }

    static func write(_ id: Ident?, _ w: inout BinaryWriter) {
        w.writeOptional(id) { write($1, &$0) }
    }

    static func readOptionalIdent(_ r: inout BinaryReader) throws -> Ident? {
        try r.readOptional(readIdent)
    }

    /// The exact Double behind the date, so a round trip is bit-for-bit.
    @inline(__always) static func write(_ date: Date, _ w: inout BinaryWriter) {
        w.writeDouble(date.timeIntervalSinceReferenceDate)
    }

    @inline(__always) static func readDate(_ r: inout BinaryReader) throws -> Date {
        Date(timeIntervalSinceReferenceDate: try r.readDouble())
    }

    static func write(_ date: Date?, _ w: inout BinaryWriter) {
        w.writeOptional(date) { write($1, &$0) }
    }

    static func readOptionalDate(_ r: inout BinaryReader) throws -> Date? {
        try r.readOptional(readDate)
    }

    static func writeOptionalString(_ text: String?, _ w: inout BinaryWriter) {
        w.writeOptional(text) { $0.writeString($1) }
    }

    static func readOptionalString(_ r: inout BinaryReader) throws -> String? {
        try r.readOptional { try $0.readString() }
    }

    static func write(_ address: PostalAddress, _ w: inout BinaryWriter) {
        w.writeString(address.line1)
        w.writeString(address.line2)
        w.writeString(address.city)
        w.writeString(address.state)
        w.writeString(address.postalCode)
        w.writeString(address.country)
    }

    /// Streets, cities and countries repeat across customers: shared.
    static func readAddress(_ r: inout BinaryReader) throws -> PostalAddress {
        PostalAddress(
            line1: try r.readSharedString(), line2: try r.readSharedString(), city: try r.readSharedString(),
            state: try r.readSharedString(), postalCode: try r.readSharedString(), country: try r.readSharedString())
    }

    static func write(_ contact: PrimaryContact, _ w: inout BinaryWriter) {
        w.writeString(contact.name)
        w.writeString(contact.email)
        w.writeString(contact.phone)
    }

    static func readPrimaryContact(_ r: inout BinaryReader) throws -> PrimaryContact {
        PrimaryContact(name: try r.readString(), email: try r.readString(), phone: try r.readString())
    }

    static func write(_ support: SupportInfo, _ w: inout BinaryWriter) {
        w.writeString(support.email)
        w.writeString(support.phone)
        w.writeString(support.url)
    }

    static func readSupportInfo(_ r: inout BinaryReader) throws -> SupportInfo {
        SupportInfo(email: try r.readString(), phone: try r.readString(), url: try r.readString())
    }

    static func write(_ location: ListingLocation, _ w: inout BinaryWriter) {
        w.writeString(location.country)
        w.writeString(location.companyName)
        w.writeString(location.logoURL)
        w.writeString(location.targetURL)
    }

    static func readListingLocation(_ r: inout BinaryReader) throws -> ListingLocation {
        ListingLocation(
            country: try r.readString(), companyName: try r.readString(),
            logoURL: try r.readString(), targetURL: try r.readString())
    }

    static func invalidCode(_ what: String, _ code: UInt8, _ r: BinaryReader) -> StoreError {
        .malformed(offset: r.offset - 1, reason: "\(code) is not a known \(what)")
    }
}
