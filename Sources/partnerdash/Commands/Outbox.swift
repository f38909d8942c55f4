import ArgumentParser
import Foundation
import PartnerWorkspace

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "The workspace's outbox: the .eml files of every email the program sent.",
        discussion: """
            Examples:
              partnerdash outbox write
            """,
        subcommands: [OutboxWrite.self])
}

struct OutboxWrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write the email of saved changes that is not in the outbox yet.",
        discussion: """
            A change's email is written whole to outbox/.staging before the change is saved, and moved into the \
            outbox after. When that move failed (a full or failing disk) or the program was stopped in between, \
            the email waits there; every open of the workspace moves it, and this command does only that and says \
            what it wrote. Exits 3 when an email of a saved change still cannot be written.

            Examples:
              partnerdash outbox write
              partnerdash outbox write --json
            """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        var written: [String]
        var removedUnsaved: Int
        var stillWaiting: [String]
    }

    mutating func run() throws {
        let session = Session(global)
        let workspace = try session.open()
        defer { session.close(workspace) }
        let settled = workspace.openingSettlement ?? Outbox.Settlement()
        let waiting = workspace.outbox.unpublished(committed: workspace.model).map(\.stagedName)
        if global.json {
            try session.output.emit(Report(written: settled.published.map(\.path), removedUnsaved: settled.removed,
                                           stillWaiting: waiting))
        } else {
            for file in settled.published { session.output.line("Wrote \(file.path)") }
            if settled.published.isEmpty && waiting.isEmpty { session.output.line("Every saved change's email is in the outbox") }
        }
        if let failure = settled.failure, !waiting.isEmpty {
            throw CLIError("outbox", "\(waiting.count) email(s) of saved changes could not be written (\(failure)); they are kept in \(workspace.outbox.stagingDirectory.path)",
                           code: ExitStatus.storage)
        }
    }
}
