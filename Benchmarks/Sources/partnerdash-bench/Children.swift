import Foundation
import PartnerCore
import PartnerResources
import PartnerStore

/// Memory is measured in a fresh process of this program, so the peak resident set is
/// that of one open, not of the generator or of earlier measurements. Each child prints
/// one JSON line on stdout.
enum Children {
    struct Memory: Codable {
        var peakBytes: Int
        var residentBytes: Int
        var customers: Int
    }

    static func run(_ child: Options.Child) {
        var customers = 0
        do {
            switch child {
            case .baseline:
                _ = try Bench.catalog()
            case .open(let directory):
                let workspace = try Workspace.open(at: URL(fileURLWithPath: directory), catalog: try Bench.catalog())
                customers = workspace.model.customers.count
                // Exit while it is alive: the figures are about the open, not the teardown.
                withExtendedLifetime(workspace) { report(customers); exit(0) }
            case .frame(let directory):
                let text = try MainActor.assumeIsolated { try Bench.firstFrame(URL(fileURLWithPath: directory)) }
                FileHandle.standardError.write(Data(text.utf8))
                report(0)
                exit(0)
            case .peerLoad(let path):
                let loaded = try Peer.load(path: path)
                customers = loaded.customers.count
                withExtendedLifetime(loaded) { report(customers); exit(0) }
            }
        } catch {
            FileHandle.standardError.write(Data("child: \(error)\n".utf8))
            exit(1)
        }
        report(customers)
    }

    private static func report(_ customers: Int) {
        let memory = Memory(peakBytes: Machine.status("VmHWM") ?? -1, residentBytes: Machine.status("VmRSS") ?? -1,
                            customers: customers)
        let data = (try? JSONEncoder().encode(memory)) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }

    /// Runs this program again with `arguments` and reads the child's line.
    static func measure(_ arguments: [String]) throws -> Memory {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let path = me.hasPrefix("/") ? me : FileManager.default.currentDirectoryPath + "/" + me
        let (status, output) = try Spawn.output(path, arguments)
        guard status == 0, let line = output.split(separator: "\n").last else {
            throw Spawn.Failure(description: "child \(arguments) exited \(status): \(output)")
        }
        return try JSONDecoder().decode(Memory.self, from: Data(line.utf8))
    }
}
