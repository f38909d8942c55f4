/// A journaled entry as read back, with the sequence number it was given.
public struct JournalRecord: Sendable, Equatable {
    public var sequence: UInt64
    public var type: UInt8
    public var payload: [UInt8]

    public init(sequence: UInt64, type: UInt8, payload: [UInt8]) {
        self.sequence = sequence
        self.type = type
        self.payload = payload
    }
}
