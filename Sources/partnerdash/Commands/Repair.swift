import ArgumentParser
import PartnerStore

struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cut a damaged journal back to its last sound record, keeping every cut byte under damaged/.",
        discussion: """
            The only command that cuts a journal at damage (`check` and every other command only report it). \
            Refused while any process has the workspace open. Each damaged segment is cut at the damage and every \
            later segment moved whole into <workspace>/damaged/ (0600), and each cut is printed with how many whole \
            records it took away: those changes are no longer in the workspace. A torn write (a crash during an \
            append) is set aside the same way. Damage in a segment the snapshot covers is left: opening does not \
            need it. Run `partnerdash check` afterwards.

            Examples:
              partnerdash check
              partnerdash repair --data ~/partners
            """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        var workspace: String
        var actions: [String]
        var kept: [String]
    }

    mutating func run() throws {
        let session = Session(global)
        let directory = try session.directory(for: "repair")
        let report = try WorkspaceStore.repair(directory: directory.path)
        if global.json {
            try session.output.emit(Report(workspace: report.directory, actions: report.actions, kept: report.keptFiles))
            return
        }
        if report.repairedNothing {
            session.output.line("\(report.directory): nothing to repair; the journal reads clean")
        }
        for action in report.actions { session.output.line(action) }
    }
}
