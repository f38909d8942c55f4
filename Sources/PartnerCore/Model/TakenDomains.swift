import HashTreeCollections

/// The lower-cased tenant domains of accounts and customers (a domain is taken once, and
/// stays taken). A customer's domain is not stored again: a 32-bit hash of it maps to the
/// customer's slot in the customers' table (`SlotMap`: 8 bytes an entry in copy-on-write
/// pages, so a copy is shared and a commit during a snapshot copies one page), and a hit is
/// confirmed against that customer's own domain. A collision therefore never refuses a
/// free domain, and a taken one is always found. At 200,000 customers the set of domain
/// strings this replaced cost 127 bytes a customer; this costs 22 (the bench's memory part).
///
/// The accounts' domains (a few thousand) and a domain a customer had before a change
/// (which stays taken, but no customer's domain confirms it any more) are kept as strings.
public struct TakenDomains: Sendable {
    /// The tag of a folded domain, given its UTF-8 bytes. Injected by tests to make collisions.
    typealias Tagging = @Sendable (UnsafeBufferPointer<UInt8>) -> UInt32

    /// Customers' slots by their domain's tag.
    private var customerSlots = SlotMap()
    /// Domains no customer's record confirms: the accounts' and those customers had before.
    private var others: TreeSet<String> = []
    private let tagging: Tagging

    init(tagging: @escaping Tagging = TakenDomains.hashTag) { self.tagging = tagging }

    /// Slot `i` of the customers' table under `tags[i]`, built at once (a snapshot's decode).
    /// Two customers with one domain (a crafted file) are two entries: harmless in a set.
    init(customerTags tags: [UInt32]) {
        tagging = Self.hashTag
        customerSlots = SlotMap(tags: tags) { _, _ in false } ?? SlotMap()
    }

    /// The default tag: Swift's seeded hash of the bytes, folded to 32 bits (the index is
    /// built at each open and never stored, so a per-process seed is fine).
    @Sendable static func hashTag(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        let hash = UInt64(UInt(bitPattern: hasher.finalize()))
        return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
    }

    /// The tag of a customer's domain, folded as `PartnerModel.folded` folds it.
    static func tag(of customer: Customer, tagging: Tagging = hashTag) -> UInt32 {
        customer.withDomainBytes { bytes in
            Self.isFolded(bytes) ? tagging(bytes) : Self.tag(of: Self.folded(bytes), tagging: tagging)
        }
    }

    static func tag(of domain: String, tagging: Tagging = hashTag) -> UInt32 {
        var domain = domain
        return domain.withUTF8 { tagging($0) }
    }

    /// Plain ASCII without capitals: what a validated domain is, so it is its own folded form.
    private static func isFolded(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.contains { $0 >= 0x80 || (65...90).contains($0) }
    }

    private static func folded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        PartnerModel.folded(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether `customer`'s domain, folded, is `domain`.
    private static func customer(_ customer: Customer, has domain: String) -> Bool {
        customer.withDomainBytes { bytes in
            if Self.isFolded(bytes) { return bytes.elementsEqual(domain.utf8) }
            return Self.folded(bytes) == domain
        }
    }

    /// Whether `domain` (lower-cased) is taken; `customers` is the table whose slots the
    /// index names (the model's).
    func contains(_ domain: String, among customers: EntityTable<Customer>) -> Bool {
        if others.contains(domain) { return true }
        let tag = Self.tag(of: domain, tagging: tagging)
        return customerSlots.slot(tag: tag) { slot in
            Int(slot) < customers.count && Self.customer(customers.value(atSlot: Int(slot)), has: domain)
        } != nil
    }

    /// An account's domain (lower-cased).
    mutating func insert(_ domain: String) {
        others.insert(domain)
    }

    /// `customer`, at `slot` of the customers' table, now; `old` is what the slot held
    /// before (nil for a new customer). A domain it leaves stays taken.
    mutating func insert(_ customer: Customer, at slot: UInt32, replacing old: Customer?) {
        let tag = Self.tag(of: customer, tagging: tagging)
        if let old {
            let oldDomain = old.withDomainBytes(Self.folded)
            if Self.customer(customer, has: oldDomain) { return }
            others.insert(oldDomain)
        }
        customerSlots.insert(tag: tag, slot: slot)
    }

    /// Every domain taken, as one set (the tests, and the invariant check's comparisons).
    func all(among customers: EntityTable<Customer>) -> TreeSet<String> {
        var all = others
        customerSlots.forEachEntry { _, slot in
            guard Int(slot) < customers.count else { return }
            all.insert(customers.value(atSlot: Int(slot)).withDomainBytes(Self.folded))
        }
        return all
    }
}
