import ArgumentParser

// Parsing and running are separated so a malformed command line (exit 2, with usage) is
// told apart from a command that ran and was refused (1) or hit the store (3).
let parsed: any ParsableCommand
do {
    parsed = try Partnerdash.parseAsRoot()
} catch {
    Failure.usage(error)
}
do {
    var command = parsed
    try command.run()
} catch {
    Failure.exit(error)
}
