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
    Invocation.begin(type(of: parsed))
    // The dashboard says it on its status line; `config …` is about the file itself.
    if !(parsed is Dashboard || parsed is ConfigPath || parsed is ConfigShow || parsed is ConfigCheck) {
        ConfigInEffect.warnIfBroken()
    }
    if !(parsed is Dashboard) {
        // A reader that closes the pipe early is met as EPIPE by `Stdout`, which ends the
        // run quietly with 0. The dashboard keeps the default, so programs it starts
        // (a browser, a clipboard tool) do not inherit an ignored SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }
    do {
        var command = parsed
        try command.run()
    } catch {
        Failure.exit(error)
    }
    Invocation.finish(status: 0)
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
