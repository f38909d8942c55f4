/// One customer's subscriptions, in index order ((creationDate, id)), as slots of the
/// model's subscriptions table (`EntityTable.slot(of:)`; the model never removes a
/// subscription, so a slot names one for good). A snapshot lists the subscriptions customer
/// by customer in index order, so those read from one are a run of consecutive slots: a
/// start and a count, held inline in the index's node. Only a customer given a subscription
/// after the read (or whose subscriptions came apart) has a list, of 4-byte slots rather
/// than 16-byte ids. An array of ids per customer cost 145 bytes a customer at 200,000.
public enum SubscriptionSlots: Sendable, RandomAccessCollection, Equatable {
    case run(start: UInt32, count: UInt32)
    case listed([UInt32])

    /// The run these slots make when they are consecutive, else the list.
    public init(_ slots: [UInt32]) {
        if let first = slots.first, slots.count < UInt32.max,
           zip(slots, slots.dropFirst()).allSatisfy({ $0 &+ 1 == $1 }) {
            self = .run(start: first, count: UInt32(slots.count))
        } else {
            self = .listed(slots)
        }
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch self {
        case .run(_, let count): Int(count)
        case .listed(let slots): slots.count
        }
    }

    public subscript(position: Int) -> UInt32 {
        switch self {
        case .run(let start, let count):
            precondition(position >= 0 && position < Int(count), "SubscriptionSlots index out of range")
            return start + UInt32(position)
        case .listed(let slots):
            return slots[position]
        }
    }

    /// These slots with `slot` inserted at `position`: still a run when it extends one.
    func inserting(_ slot: UInt32, at position: Int) -> SubscriptionSlots {
        if case .run(let start, let count) = self, position == Int(count), start &+ count == slot, count < UInt32.max - 1 {
            return .run(start: start, count: count + 1)
        }
        var slots = Array(self)
        slots.insert(slot, at: position)
        return .listed(slots)
    }

    /// Equal when they hold the same slots in the same order, whichever form.
    public static func == (a: SubscriptionSlots, b: SubscriptionSlots) -> Bool {
        a.elementsEqual(b)
    }
}
