import Synchronization

/// Texts that repeat across many entities and are few in kind (offer ids, partners' MPN
/// IDs, the users who place orders, subscriptions' friendly names), each held once in this
/// process and named in an entity by its number: 1–4 bytes instead of a 16-byte `String`
/// (and an allocation of its own when it is longer than 15 bytes and nobody shared it).
/// Numbers are never written anywhere: snapshots, the journal and JSON hold the texts, so
/// they mean nothing outside this process and may differ from one run to the next.
///
/// Two texts that go together (a subscription's offer id and friendly name: nearly every
/// subscription is called by its offer's name) can be numbered as one pair, so an entity
/// holds one number for both.
///
/// Texts are told apart by their bytes (`ExactText`), not by `String`'s canonical
/// equivalence, so a text comes back exactly as it was given. Nothing is ever removed: what
/// is interned here are values of which there are a few thousand, not one per entity (a
/// friendly name typed for one subscription is the exception: its text and some 60 bytes
/// of table entries, kept until the process ends).
final class InternedTexts: Sendable {
    static let shared = InternedTexts()

    struct Table {
        private(set) var texts: [String] = []
        private var numbers: [ExactText: UInt32] = [:]
        private(set) var pairs: [(first: UInt32, second: UInt32)] = []
        private var pairNumbers: [UInt64: UInt32] = [:]

        mutating func number(of text: String) -> UInt32 {
            if let number = numbers[ExactText(text)] { return number }
            let number = UInt32(texts.count)
            texts.append(text)
            numbers[ExactText(text)] = number
            return number
        }

        mutating func pairNumber(of first: UInt32, _ second: UInt32) -> UInt32 {
            let key = UInt64(first) << 32 | UInt64(second)
            if let number = pairNumbers[key] { return number }
            let number = UInt32(pairs.count)
            pairs.append((first, second))
            pairNumbers[key] = number
            return number
        }

        func text(_ number: UInt32) -> String { texts[Int(number)] }

        func pair(_ number: UInt32) -> (first: String, second: String) {
            let pair = pairs[Int(number)]
            return (texts[Int(pair.first)], texts[Int(pair.second)])
        }
    }

    private let table = Mutex(Table())

    /// Calls `body` with a way to number texts, under one lock.
    func numbering<R: Sendable>(_ body: ((String) -> UInt32) -> R) -> R {
        table.withLock { table in body { table.number(of: $0) } }
    }

    func number(of text: String) -> UInt32 {
        table.withLock { $0.number(of: text) }
    }

    func pairNumber(of first: String, _ second: String) -> UInt32 {
        table.withLock { $0.pairNumber(of: $0.number(of: first), $0.number(of: second)) }
    }

    /// Calls `body` with a way to read numbers back, under one lock.
    func reading<R: Sendable>(_ body: ((UInt32) -> String) -> R) -> R {
        table.withLock { table in body { table.text($0) } }
    }

    /// Calls `body` with the table, to read texts and pairs under one lock.
    func looking<R: Sendable>(_ body: (borrowing Table) -> R) -> R {
        table.withLock { body($0) }
    }

    func text(_ number: UInt32) -> String {
        table.withLock { $0.text(number) }
    }

    func pair(_ number: UInt32) -> (first: String, second: String) {
        table.withLock { $0.pair(number) }
    }
}

/// Numbers of `InternedTexts` remembered by one thread that makes many entities (a
/// snapshot's decode of its orders or subscriptions), so the shared table's lock is taken
/// once a distinct text (or pair) rather than once an entity: a few thousand texts for
/// hundreds of thousands of entities.
///
/// In front of the two dictionaries, a direct-mapped table (`RecentTexts`) keyed by a
/// multiply hash of a text's first, middle and last eight bytes answers nearly every
/// lookup: the dictionaries' SipHash of every text and pair (seed, bytes, finalize) was a
/// third of the orders' decode and a fifth of the subscriptions'. A slot's text is compared
/// byte for byte before its number is used, so two texts that share a slot only cost a
/// dictionary lookup, never a wrong number.
package struct InternedNumbers {
    private var known: [ExactText: UInt32] = [:]
    /// Pairs by their two texts: one lookup a subscription, where numbering each text and
    /// then the pair would be three.
    private var knownPairs: [TextPair: UInt32] = [:]
    private var recent = RecentTexts()
    private var recentPairs = RecentTexts()

    private struct TextPair: Hashable {
        let first: ExactText
        let second: ExactText
    }

    package init() {}

    mutating func number(of text: String) -> UInt32 {
        let key = RecentTexts.key(text)
        if let number = recent.number(key, text) { return number }
        let number = numberRemembered(of: text)
        recent.remember(key, text, number: number)
        return number
    }

    mutating func pairNumber(of first: String, _ second: String) -> UInt32 {
        let key = RecentTexts.key(first) &* 0x9E37_79B9_7F4A_7C15 ^ RecentTexts.key(second)
        if let number = recentPairs.number(key, first, second) { return number }
        let number = pairNumberRemembered(of: first, second)
        recentPairs.remember(key, first, second, number: number)
        return number
    }

    private mutating func numberRemembered(of text: String) -> UInt32 {
        if let number = known[ExactText(text)] { return number }
        let number = InternedTexts.shared.number(of: text)
        known[ExactText(text)] = number
        return number
    }

    private mutating func pairNumberRemembered(of first: String, _ second: String) -> UInt32 {
        let key = TextPair(first: ExactText(first), second: ExactText(second))
        if let number = knownPairs[key] { return number }
        let number = InternedTexts.shared.pairNumber(of: first, second)
        knownPairs[key] = number
        return number
    }
}

/// The last text (or pair of texts) numbered in each of 1,024 slots, the slot chosen by
/// `key`. Its texts are held, so a slot's bytes stay valid to compare with.
struct RecentTexts {
    private struct Slot {
        let first: String
        let second: String?
        let number: UInt32
    }

    private static let slotCount = 1_024
    private var slots: [Slot?] = []

    /// A hash of the text's length and its first, middle and last eight bytes (fewer when it
    /// is shorter): cheap, and different for the few thousand texts a decode meets but
    /// for those that differ only elsewhere, which then share a slot.
    static func key(_ text: String) -> UInt64 {
        var copy = text
        return copy.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let count = raw.count
            var hash = UInt64(count) &* 0xBF58_476D_1CE4_E5B9
            if count >= 8 {
                hash ^= raw.loadUnaligned(as: UInt64.self)
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: (count - 8) / 2, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            } else {
                for byte in raw { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            }
            return hash ^ hash >> 31
        }
    }

    func number(_ key: UInt64, _ first: String, _ second: String? = nil) -> UInt32? {
        guard !slots.isEmpty, let slot = slots[Self.index(key)] else { return nil }
        guard ExactText(slot.first) == ExactText(first) else { return nil }
        switch (slot.second, second) {
        case (nil, nil): return slot.number
        case let (held?, asked?): return ExactText(held) == ExactText(asked) ? slot.number : nil
        default: return nil
        }
    }

    mutating func remember(_ key: UInt64, _ first: String, _ second: String? = nil, number: UInt32) {
        if slots.isEmpty { slots = Array(repeating: nil, count: Self.slotCount) }
        slots[Self.index(key)] = Slot(first: first, second: second, number: number)
    }

    private static func index(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 7) & (slotCount - 1) }
}
