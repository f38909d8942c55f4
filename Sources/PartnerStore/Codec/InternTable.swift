/// Values a decoder has recently made, so that an equal value read again comes back as
/// the copy already made and shares its storage (an array's one buffer) instead of
/// holding a new allocation for as long as the model lives. Direct-mapped by the value's
/// hash, so it never grows and a lookup is one comparison: a value displaced by another
/// in its slot only costs its next reader an allocation of its own.
struct InternTable<Value: Hashable & Sendable>: Sendable {
    private var slots: [Value?] = []
    private static var slotCount: Int { 1024 }

    mutating func intern(_ value: Value) -> Value {
        if slots.isEmpty { slots = Array(repeating: nil, count: Self.slotCount) }
        let slot = value.hashValue & (Self.slotCount - 1)
        if let kept = slots[slot], kept == value { return kept }
        slots[slot] = value
        return value
    }
}
