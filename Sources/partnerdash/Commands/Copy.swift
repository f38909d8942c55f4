import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerWorkspacePostgres

struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a workspace between a directory and PostgreSQL, record for record.",
        discussion: """
            partnerdash copy --from DIR --to postgresql://user@host/db?workspace=NAME, or back with --from URI --to DIR. \
            The journal is copied in order, with the outbox; the copy is read back and must give the same model (its \
            Model digest, which `partnerdash check` prints on both sides). The target must not hold a workspace yet. \
            A directory whose journal no longer starts at sequence 1 (made by `gen`, or checkpointed) is copied as its \
            newest snapshot, which begins the journal in PostgreSQL, and the records after it; copied back, that \
            snapshot is the directory's snapshot again.

            Examples:
              partnerdash copy --from ~/partners --to "postgresql://me@db/partners?workspace=main"
            """)

    @Option(help: ArgumentHelp("The workspace to copy: a directory or a postgresql:// URI.", valueName: "dir-or-uri"))
    var from: String
    @Option(help: ArgumentHelp("Where to copy it: a postgresql:// URI or a new directory.", valueName: "uri-or-dir"))
    var to: String
    @OptionGroup var global: GlobalOptions

    mutating func run() throws {
        guard global.data == nil else { throw CLIError("data", "copy takes --from and --to, not --data", code: ExitStatus.usage) }
        let environment = ProcessInfo.processInfo.environment
        let output = Output(global, environment: environment)
        let source: DataLocation
        let target: DataLocation
        do {
            source = try DataLocation.parse(from)
            target = try DataLocation.parse(to)
        } catch let error as DataLocationError {
            throw CLIError("data", error.description, code: ExitStatus.usage)
        }
        let report: WorkspaceCopy.Report
        do {
            report = try copy(from: source, to: target)
        } catch StoreError.invalidArgument(let reason) {
            // What cannot be copied (an unsound source, a journal no snapshot reaches) is a refusal.
            throw CLIError("from", reason)
        }
        if global.json {
            try output.emit(CopySummary(from: source.description, to: target.description, records: report.records,
                                        lastSequence: report.lastSequence, modelDigest: report.modelDigest,
                                        outboxMessages: report.outboxMessages, baseSnapshot: report.baseSnapshot))
        } else {
            let base = report.baseSnapshot.map { "a snapshot of sequence \($0), then " } ?? ""
            output.line("Copied \(base)\(report.records) changes and \(report.outboxMessages) outbox message(s) "
                        + "from \(source) to \(target)")
            output.line("Model digest: \(report.modelDigest)")
        }
    }

    private func copy(from source: DataLocation, to target: DataLocation) throws -> WorkspaceCopy.Report {
        let environment = ProcessInfo.processInfo.environment
        let catalog = try Session.catalog()
        let report: WorkspaceCopy.Report
        switch (source, target) {
        case (.directory(let directory), .postgres):
            guard try SharedWorkspace.exists(source) else { throw WorkspaceError.missing(directory.path) }
            if try SharedWorkspace.exists(target) { throw CLIError("to", "\(target) already holds a workspace") }
            report = try WorkspaceCopy.fileToPostgres(directory: directory, to: target, catalog: catalog, environment: environment)
        case (.postgres, .directory(let directory)):
            if try SharedWorkspace.exists(target) { throw CLIError("to", "\(directory.path) already holds a workspace") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            guard contents.isEmpty else {
                throw CLIError("to", "\(directory.path) holds other files; copy into a new or empty directory")
            }
            var copied: WorkspaceCopy.Report?
            try Session.createStaged(at: directory, replacing: false) { staging in
                copied = try WorkspaceCopy.postgresToFile(from: source, directory: staging, catalog: catalog, environment: environment)
            }
            guard let copied else { preconditionFailure("the staged copy returned without a report") }
            report = copied
        default:
            throw CLIError("to", "copy goes from a directory to a postgresql:// URI or back", code: ExitStatus.usage)
        }
        return report
    }
}

struct CopySummary: Encodable {
    var from: String
    var to: String
    var records: Int
    var lastSequence: UInt64
    var modelDigest: String
    var outboxMessages: Int
    /// The snapshot the copy starts from when the source's journal does not start at 1.
    var baseSnapshot: UInt64?
}
