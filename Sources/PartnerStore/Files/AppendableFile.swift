/// The few operations the journal needs from an open file. A protocol so
/// tests can inject a file whose write or sync fails (EIO, ENOSPC), which is
/// the only way to prove the store turns read-only instead of acknowledging.
protocol AppendableFile: AnyObject {
    var path: String { get }
    /// Writes every byte or throws; short writes are continued, never reported as success.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// `fdatasync`: the data and the size needed to read it back are on disk.
    func syncData() throws
    func truncate(to size: Int64) throws
    func size() throws -> Int64
    func close()
}
