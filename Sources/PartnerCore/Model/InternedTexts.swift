import Synchronization

/// Texts that repeat across many entities and are few in kind (offer ids, partners' MPN
/// IDs, the users who place orders), each held once in this process and named in an entity
/// by its number: 1–2 bytes packed instead of a 16-byte `String` (and an allocation of its
/// own when it is longer than 15 bytes and nobody shared it). Numbers are never written
/// anywhere: snapshots, the journal and JSON hold the texts, so they mean nothing outside
/// this process and may differ from one run to the next.
///
/// Texts are told apart by their bytes (`ExactText`), not by `String`'s canonical
/// equivalence, so a text comes back exactly as it was given. Nothing is ever removed: what
/// is interned here are values of which there are a few thousand, not one per entity.
final class InternedTexts: Sendable {
    static let shared = InternedTexts()

    private struct Table {
        var texts: [String] = []
        var numbers: [ExactText: UInt32] = [:]

        mutating func number(of text: String) -> UInt32 {
            if let number = numbers[ExactText(text)] { return number }
            let number = UInt32(texts.count)
            texts.append(text)
            numbers[ExactText(text)] = number
            return number
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

    /// Calls `body` with a way to read numbers back, under one lock.
    func reading<R: Sendable>(_ body: ((UInt32) -> String) -> R) -> R {
        table.withLock { table in body { table.texts[Int($0)] } }
    }

    func text(_ number: UInt32) -> String {
        reading { $0(number) }
    }
}

/// Numbers of `InternedTexts` remembered by one thread that makes many entities (a
/// snapshot's decode of its orders), so the shared table's lock is taken once a distinct
/// text rather than once an order: a few thousand texts for hundreds of thousands of orders.
package struct InternedNumbers {
    private var known: [ExactText: UInt32] = [:]

    package init() {}

    mutating func number(of text: String) -> UInt32 {
        if let number = known[ExactText(text)] { return number }
        let number = InternedTexts.shared.number(of: text)
        known[ExactText(text)] = number
        return number
    }
}
