#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import PartnerCore
import PartnerResources
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit

// partnerdash-bench: the speed and memory goals, measured (never asserted in tests).
// See Benchmarks/README.md and `scripts/bench --help`.

let options = Options.parse(CommandLine.arguments)

if let child = options.child {
    Children.run(child)
    exit(0)
}

do {
    try Bench(options).run()
} catch {
    FileHandle.standardError.write(Data("partnerdash-bench: \(error)\n".utf8))
    exit(1)
}
