#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Monotonic time in nanoseconds.
@inline(__always) func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Milliseconds since `start` (from `nowNanos`).
@inline(__always) func millis(since start: UInt64) -> Double {
    Double(nowNanos() - start) / 1e6
}

/// Runs `body` and returns its result and its wall time in milliseconds.
@inline(__always) func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = nowNanos()
    let value = try body()
    return (value, millis(since: start))
}

/// Order statistics of a set of samples (milliseconds unless said otherwise).
struct Samples: Encodable {
    var values: [Double]

    init(_ values: [Double]) { self.values = values }

    private var sorted: [Double] { values.sorted() }

    var median: Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(s.count)).rounded(.up))
        return s[Swift.min(Swift.max(rank, 1), s.count) - 1]
    }

    var max: Double { values.max() ?? .nan }
    var min: Double { values.min() ?? .nan }
    var count: Int { values.count }

    enum CodingKeys: String, CodingKey { case count, median, p95, p99, min, max, values }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(median, forKey: .median)
        try c.encode(percentile(95), forKey: .p95)
        try c.encode(percentile(99), forKey: .p99)
        try c.encode(min, forKey: .min)
        try c.encode(max, forKey: .max)
        try c.encode(values, forKey: .values)
    }
}

/// The machine's state, so a reader can judge how noisy the figures are.
enum Machine {
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// A field of /proc/PID/status in bytes (VmHWM: peak resident set; VmRSS: now).
    static func status(_ field: String, of process: String = "self") -> Int? {
        kilobyteFields("/proc/\(process)/status")[field]
    }

    /// /proc/PID/smaps_rollup in bytes: Rss, and Pss (each shared page divided among the
    /// processes that map it), split into Pss_Anon and Pss_File.
    static func memoryRollup(of pid: Int32) -> [String: Int] {
        kilobyteFields("/proc/\(pid)/smaps_rollup")
    }

    /// The `Name:  N kB` lines of a /proc file, in bytes.
    private static func kilobyteFields(_ path: String) -> [String: Int] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var fields: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 3, parts[2] == "kB", parts[0].hasSuffix(":"), let kb = Int(parts[1]) else { continue }
            fields[String(parts[0].dropLast())] = kb * 1024
        }
        return fields
    }
}
