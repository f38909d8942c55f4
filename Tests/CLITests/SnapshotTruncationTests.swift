#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// Issue 9 (4): a snapshot truncated while a process opens the workspace must not kill that
/// process. It used to be mapped, so the pages past the new end raised SIGBUS (6 of 18 opens
/// of the release build before the change died so in this scenario).
@Suite struct SnapshotTruncationTests {
    /// Cuts the snapshot to a third and writes the rest back, over and over, until stopped.
    final class Truncator: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        private(set) var cycles = 0
        private(set) var restoreFailed = false
        let path: String
        let bytes: [UInt8]

        init(path: String) throws {
            self.path = path
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        }

        var isStopped: Bool { lock.withLock { stopped } }
        func stop() { lock.withLock { stopped = true } }

        func run() {
            let fd = open(path, O_WRONLY)
            defer { close(fd) }
            let cut = bytes.count / 3
            while !isStopped {
                _ = ftruncate(fd, off_t(cut))
                let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + cut, bytes.count - cut, off_t(cut)) }
                // Reading the restored file back checks the restore and keeps the file whole for a
                // while, so opens also map or read it whole and then see it cut under them.
                guard written == bytes.count - cut, (try? Data(contentsOf: URL(fileURLWithPath: path))) == Data(bytes) else {
                    lock.withLock { restoreFailed = true }
                    return
                }
                lock.withLock { cycles += 1 }
            }
        }
    }

    @Test func opensWhileTheSnapshotIsTruncatedNeverDieBySignal() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let gen = try cli.run("gen", "--customers", "6000", "--resellers", "60")
        try #require(gen.status == 0, "\(gen)")
        let snapshot = try #require(try cli.workspaceFiles().map(\.0).first { $0.lastPathComponent.hasPrefix("snapshot-") })
        let truncator = try Truncator(path: snapshot.path)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            truncator.run()
            finished.signal()
        }.start()
        var outcomes: [Int32: Int] = [:]
        var failures: [String] = []
        for _ in 0..<18 {
            // Spawn.wait throws when a signal killed the child.
            do {
                let result = try cli.run("accounts")
                outcomes[result.status, default: 0] += 1
                if result.status != 0 {
                    let clear = result.status == 3 && result.errorLines.count == 1
                        && result.stderr.contains(snapshot.lastPathComponent)
                    if !clear { failures.append("\(result)") }
                }
            } catch {
                failures.append("\(error)")
            }
        }
        truncator.stop()
        finished.wait()
        #expect(failures.isEmpty, "\(failures)")
        #expect(!truncator.restoreFailed)
        #expect(truncator.cycles > 18, "the snapshot was truncated only \(truncator.cycles) times")
        // Restored whole, it opens.
        #expect(try cli.run("accounts").status == 0)
        print("opens while truncating: \(outcomes) (exit status: count), \(truncator.cycles) truncations")
    }
}
