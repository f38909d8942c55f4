/// A journal kept in files that a checkpoint can cut and shorten.
public protocol SegmentedJournal: Journal {
    /// Later appends go to a new file, so every earlier file is wholly covered by a snapshot taken now.
    func startNewSegment() throws
    /// Deletes the files whose every record has a sequence number of at most `sequence`; returns how many.
    @discardableResult func deleteSegments(coveredBy sequence: UInt64) throws -> Int
}
