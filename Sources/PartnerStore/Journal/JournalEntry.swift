/// What a caller hands to `Journal.append`: the journal assigns the sequence.
public struct JournalEntry: Sendable, Equatable {
    public var type: UInt8
    public var payload: [UInt8]

    public init(type: UInt8, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}
