#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// What a careful user meets on a real disk: a directory they may not read, read-only
/// media, and the leftovers of a `gen` killed half-way. The tests run as root (here and in
/// CI), where chmod and a read-only mount do not refuse anything reliably, so the errors
/// are injected into the store's file calls (`PARTNERDASH_FAULTS`, a debug build's
/// `FaultPlan`; see docs/STORE.md › Disk faults).
@Suite struct DiskTroubleTests {
    @Test func permissionDeniedNamesTheDirectoryAndExitsThree() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let denied = ["PARTNERDASH_FAULTS": "EACCES:open-read,stat,list:\(cli.workspace.path)"]
        for arguments in [["customers", "list", "--as", Demo.ana], ["check"]] {
            let result = try cli.run(arguments, environment: denied)
            // `check` reports on stdout, every other command in its one error line.
            let said = result.stdout + result.stderr
            #expect(result.status == 3 && result.errorLines.count == 1, "\(arguments[0]): \(result)")
            #expect(said.lowercased().contains("permission denied") && said.contains(cli.workspace.path), "\(arguments[0]): \(result)")
            #expect(!said.contains("no workspace") && !said.contains("does not exist"), "\(arguments[0]): \(result)")
        }
    }

    @Test func readCommandsWorkOnReadOnlyMediaAndAChangeSaysItIsReadOnly() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let before = try cli.workspaceState()
        let readOnly = ["PARTNERDASH_FAULTS": "EROFS:changing"]
        let reads = [["customers", "list", "--as", Demo.ana], ["log", "--as", Demo.ana], ["accounts"], ["check"],
                     ["export", "customers", "--as", Demo.ana], ["invitations", "list", "--as", Demo.ana]]
        for arguments in reads {
            let result = try cli.run(arguments, environment: readOnly)
            #expect(result.status == 0 && !result.stdout.isEmpty, "\(arguments.joined(separator: " ")): \(result)")
        }
        let add = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"] + Demo.newCustomer(),
                              environment: readOnly)
        #expect(add.status == 3 && add.errorLines.count == 1, "\(add)")
        #expect(add.stderr.contains("read-only") && add.stderr.contains("EROFS"), "\(add)")
        #expect(try cli.workspaceState() == before, "nothing was written")
        // Without the fault the same change is made.
        let again = try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"] + Demo.newCustomer())
        #expect(again.status == 0, "\(again)")
    }

    /// A `gen` killed while writing leaves its staging directory; the next run removes it,
    /// but never one whose creator is still alive (here: stopped, with its mark held).
    @Test func aKilledGensStagingDirectoryIsRemovedByTheNextRunAndALiveOneIsKept() throws {
        let cli = try CLI()
        defer { cli.removeScratch() }
        let alive = try startGen(cli)
        _ = Glibc.kill(alive.child.pid, SIGSTOP)
        defer {
            alive.child.kill()
            alive.child.wait()
        }
        let killed = try startGen(cli)
        killed.child.kill()
        killed.child.wait()
        #expect(FileManager.default.fileExists(atPath: killed.staging), "the killed gen left \(killed.staging)")
        #expect(!FileManager.default.fileExists(atPath: cli.workspace.path))

        let next = try cli.run("gen", "--customers", "20", "--resellers", "2")
        #expect(next.status == 0, "\(next)")
        #expect(!FileManager.default.fileExists(atPath: killed.staging), "\(killed.staging) is still there")
        #expect(FileManager.default.fileExists(atPath: alive.staging), "a staging directory still being written was removed")

        alive.child.kill()
        alive.child.wait()
        #expect(try cli.run("accounts").status == 0)
        #expect(!FileManager.default.fileExists(atPath: alive.staging), "opening did not remove \(alive.staging)")
    }

    /// A `gen` started, and read until it is writing into its staging directory.
    private func startGen(_ cli: CLI) throws -> (child: ChildProcess, staging: String) {
        let child = try ChildProcess.spawn(try CLI.binary().path, ["gen", "--customers", "3000", "--resellers", "20"],
                                           environment: cli.environment)
        let marker = "writing the workspace in "
        let deadline = ContinuousClock.now + .seconds(120)
        try #require(child.read(until: deadline) { $0.contains { $0.contains(marker) } }, "gen said: \(child.lines)")
        let line = try #require(child.lines.first { $0.contains(marker) })
        let staging = String(line[line.range(of: marker)!.upperBound...])
        try #require(FileManager.default.fileExists(atPath: staging), "\(staging) does not exist")
        return (child, staging)
    }
}
