import ArgumentParser
import Foundation
import PartnerStore

// Parsing and running are separated so a malformed command line (exit 2, with usage) is
// told apart from a command that ran and was refused (1) or hit the store (3).
let parsed: any ParsableCommand
do {
    parsed = try Partnerdash.parseAsRoot()
} catch {
    Failure.usage(error)
}

func run(_ parsed: any ParsableCommand) {
    do {
        var command = parsed
        try command.run()
    } catch {
        Failure.exit(error)
    }
}

#if DEBUG
// Tests of the executable inject file system faults (EACCES, EROFS…) this way; release
// builds have no such variable.
if let text = ProcessInfo.processInfo.environment["PARTNERDASH_FAULTS"] {
    guard let plan = FaultPlan.parse(text) else {
        Failure.fail("PARTNERDASH_FAULTS", "expected ERRNO:call,call…[:path prefix], not \(text)", code: ExitStatus.usage)
    }
    FaultPlan.$current.withValue(plan) { run(parsed) }
} else {
    run(parsed)
}
#else
run(parsed)
#endif
