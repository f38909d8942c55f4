#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The writers part's peer: what this disk gives writer processes that do nothing but a
/// journal's durable part. Each attempt takes an exclusive `flock`, appends one record of
/// `recordBytes` (about a quantity change's journal record, 311 B) to one shared file,
/// drops the lock and `fdatasync`s, as partnerdash's file store does after deciding
/// (the sync outside the lock, so that the disk may merge overlapping ones). No model, no
/// decision, no catch-up: its 4 ÷ 1 ratio is the most that four writers on this disk can
/// gain over one, measured in the same run as ours.
public enum BareDiskWriter {
    public static let recordBytes = 320

    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// The files writers share in `directory`, opened; `run` appends through them.
    public struct Files {
        let log: Int32
        let lock: Int32

        public init(directory: String) throws {
            log = open(directory + "/bare-disk.log", O_WRONLY | O_APPEND | O_CREAT, 0o600)
            lock = open(directory + "/bare-disk.lock", O_RDWR | O_CREAT, 0o600)
            guard log >= 0, lock >= 0 else { throw Failed(description: "cannot open the bare-disk files in \(directory): errno \(errno)") }
        }

        public func close() {
            _ = Glibc.close(log)
            _ = Glibc.close(lock)
        }
    }

    /// Makes `writes` appends, each synced before the next, timed as `QuantityWriter.run` is.
    public static func run(writes: Int, files: Files) throws -> QuantityWriter.Outcome {
        let cpu = QuantityWriter.processCPUSeconds()
        var outcome = QuantityWriter.Outcome(startNanos: QuantityWriter.monotonicNanos())
        let record = [UInt8](repeating: 0x2A, count: recordBytes)
        for _ in 0..<writes {
            guard flock(files.lock, LOCK_EX) == 0 else { throw Failed(description: "flock: errno \(errno)") }
            let written = record.withUnsafeBytes { write(files.log, $0.baseAddress, $0.count) }
            flock(files.lock, LOCK_UN)
            guard written == record.count else { throw Failed(description: "write: errno \(errno)") }
            guard fdatasync(files.log) == 0 else { throw Failed(description: "fdatasync: errno \(errno)") }
            outcome.written += 1
        }
        outcome.endNanos = QuantityWriter.monotonicNanos()
        outcome.cpuSeconds = QuantityWriter.processCPUSeconds() - cpu
        return outcome
    }
}
