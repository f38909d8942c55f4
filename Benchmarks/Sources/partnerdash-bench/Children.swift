import Foundation
import TestSupport
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit

/// Opening and loading are measured in fresh processes of this program: a process that
/// has already built and freed a model reuses that memory without page faults and opens
/// a good deal faster than a program just started (measured here: ~200 ms on 200k
/// customers), and its peak resident set would be the generator's. Each child does one
/// thing, prints one JSON line on stdout and exits without tearing its model down.
enum Children {
    struct Result: Codable {
        var peakBytes: Int
        var residentBytes: Int
        var customers: Int
        /// Milliseconds, by step.
        var ms: [String: Double] = [:]
        var groups: [Double] = []
        /// The most of the snapshot file the open held in memory at once (`OpenTimings.snapshotBytesHeldAtMost`).
        var snapshotBytesHeldAtMost = 0
    }

    static func run(_ child: Options.Child) {
        do {
            switch child {
            case .baseline:
                _ = try Bench.catalog()
                report(Result(peakBytes: 0, residentBytes: 0, customers: 0))
            case .open(let directory):
                try MainActor.assumeIsolated { try firstFrame(URL(fileURLWithPath: directory)) }
            case .sameRows(let directory):
                let start = nowNanos()
                let load = try SnapshotFile.loadNewest(directory: directory, readableVersions: ModelCodec.readableVersions)
                guard let snapshot = load.snapshot else { throw Spawn.Failure(description: "no snapshot in \(directory)") }
                var reader = snapshot.payloadReader()
                let model = try ModelCodec.decodeModel(&reader, version: snapshot.formatVersion)
                let ms = millis(since: start)
                withExtendedLifetime(model) {
                    report(Result(peakBytes: 0, residentBytes: 0, customers: model.customers.count, ms: ["load": ms]))
                }
            case .writer(let spec):
                WriterProcesses.runChild(spec)
            case .memoryBreakdown(let directory):
                let data = try JSONEncoder().encode(try MemoryBreakdown.measure(directory: directory))
                print(String(decoding: data, as: UTF8.self))
            case .peerLoad(let path):
                let start = nowNanos()
                let loaded = try Peer.load(path: path)
                let ms = millis(since: start)
                withExtendedLifetime(loaded) {
                    report(Result(peakBytes: 0, residentBytes: 0, customers: loaded.customers.count, ms: ["load": ms]))
                }
            }
        } catch {
            FileHandle.standardError.write(Data("child: \(error)\n".utf8))
            exit(1)
        }
        exit(0)
    }

    /// As the program does it: catalog, open in two steps, sign in, the first frame (Home
    /// with "counting…" while customers load), then the whole model and Home with its counts.
    /// Also the plain one-step open, as the CLI does it, when `oneStep`.
    @MainActor
    static func firstFrame(_ directory: URL) throws {
        let start = nowNanos()
        let workspace = try Workspace.beginOpen(at: directory, catalog: try Bench.catalog())
        let previewed = millis(since: start)
        let session = DashboardSession(workspace: workspace)
        guard let user = workspace.model.user(principal: Bench.signIn) else { throw Spawn.Failure(description: "no \(Bench.signIn)") }
        session.signIn(user.id)
        let shell = DashboardShell(session: session)
        let app = App(terminal: TestTerminal(size: Bench.size), shell: shell, root: shell.startScreen())
        let first = app.render()
        let firstFrame = millis(since: start)
        guard first.text.contains(Bench.homeText) else { throw Spawn.Failure(description: "the first frame is not Home:\n\(first.text)") }
        let wasLoading = session.isLoading
        try session.finishLoading()
        let opened = millis(since: start)
        let homeStart = nowNanos()
        // As `App.run` does before its next frame: the end of loading reaches Home as a change of the model.
        app.tick()
        let grid = app.render()
        let home = millis(since: homeStart)
        let frame = millis(since: start)
        guard grid.text.contains(Bench.homeText), !grid.text.contains(HomeScreen.counting) else {
            throw Spawn.Failure(description: "Home has no counts:\n\(grid.text)")
        }
        let t = workspace.fileStore!.openTimings
        // The open's memory, before the comparison reads the whole snapshot twice more (mapped,
        // then into memory of its own) while the model is held: read after, the peak was that.
        let opening = Memory.now()
        let readWays = try SnapshotReadComparison.measure(directory: directory)
        withExtendedLifetime(workspace) {
            report(Result(
                peakBytes: 0, residentBytes: 0, customers: workspace.model.customers.count,
                ms: ["preview": previewed, "firstFrame": firstFrame, "open": opened, "read": Bench.ms(t.readSnapshot),
                     "decode": Bench.ms(t.decodeSections), "build": Bench.ms(t.buildModel), "journal": Bench.ms(t.journal),
                     "invariants": Bench.ms(t.invariants), "openWithoutInvariants": opened - Bench.ms(t.invariants),
                     "home": home, "frame": frame, "storeTotal": Bench.ms(t.total), "loading": wasLoading ? 1 : 0,
                     "snapshotMapped": readWays?.mappedMs ?? .nan, "snapshotRead": readWays?.readMs ?? .nan],
                groups: t.sectionGroups.map(Bench.ms), snapshotBytesHeldAtMost: t.snapshotBytesHeldAtMost), memory: opening)
        }
    }

    /// The process's peak and current resident bytes.
    struct Memory {
        var peak: Int
        var resident: Int
        static func now() -> Memory { Memory(peak: Machine.status("VmHWM") ?? -1, resident: Machine.status("VmRSS") ?? -1) }
    }

    /// `memory`: as taken earlier, when what the child did after must not count; else now.
    private static func report(_ result: Result, memory: Memory = .now()) {
        var result = result
        result.peakBytes = memory.peak
        result.residentBytes = memory.resident
        let data = (try? JSONEncoder().encode(result)) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }

    /// Runs this program again with `arguments` and reads the child's line.
    static func measure<Line: Decodable>(_ arguments: [String], as type: Line.Type = Result.self) throws -> Line {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let path = me.hasPrefix("/") ? me : FileManager.default.currentDirectoryPath + "/" + me
        let (status, output) = try Spawn.output(path, arguments, environment: Bench.childEnvironment)
        guard status == 0, let line = output.split(separator: "\n").last else {
            throw Spawn.Failure(description: "child \(arguments) exited \(status): \(output)")
        }
        return try JSONDecoder().decode(Line.self, from: Data(line.utf8))
    }
}
