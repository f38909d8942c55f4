import ArgumentParser
import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace

/// The Draft email page on the command line: the drafted text, optionally replaced, then
/// Done. A replacement body must keep the personalized link (rule 3); `{link}` in it is
/// replaced by the link, since a new draft gets a new one.
struct DraftOptions: ParsableArguments {
    @Option(help: "Replace the subject.") var subject: String?

    @Option(help: ArgumentHelp("Replace the body; write {link} where the personalized link goes.", valueName: "text"))
    var body: String?

    @Option(name: .customLong("body-file"), help: ArgumentHelp(
        "Replace the body with this file's text ('-' for stdin); {link} stands for the link.", valueName: "file"))
    var bodyFile: String?

    @Flag(name: .customLong("print-draft"), help: "Print the draft email (link as {link}) and send nothing.")
    var printDraft = false

    func validate() throws {
        if body != nil, bodyFile != nil { throw ValidationError("give --body or --body-file, not both") }
    }

    static let placeholder = "{link}"

    func replacementBody() throws -> String? {
        if let body { return body }
        guard let bodyFile else { return nil }
        let data = bodyFile == "-" ? FileHandle.standardInput.readDataToEndOfFile()
            : try readFile(bodyFile)
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("body-file", "is not UTF-8 text") }
        return text
    }

    private func readFile(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("body-file", "cannot read \(path)")
        }
        return data
    }

    /// Drafts, edits and sends (or only prints) an invitation; prints what was sent.
    func send(_ target: InvitationTarget, to recipient: String? = nil, workspace: Workspace, as me: SignedIn,
              output: Output) throws {
        var draft = try workspace.draftInvitation(to: target, as: me.actor)
        if let recipient { draft.to = recipient }
        if let subject { draft.subject = subject }
        let link = draft.link.description
        if printDraft {
            let template = draft.body.replacingOccurrences(of: link, with: Self.placeholder)
            if output.json {
                try output.emit(["to": draft.to, "from": draft.from, "subject": draft.subject, "body": template])
            } else {
                output.fields([("To:", draft.to), ("From:", draft.from), ("Subject:", draft.subject)])
                output.line()
                output.block(template)
                output.note("Nothing was sent. Edit the body and pass it with --body-file (keep {link}).")
            }
            return
        }
        let body = try replacementBody().map { $0.replacingOccurrences(of: Self.placeholder, with: link) } ?? draft.body
        let (receipt, mail) = try Session.execute(.sendInvitation(draft, body: body), as: me.actor, in: workspace)
        let invitation = receipt.createdId.flatMap { workspace.model.invitations[$0] }
        if output.json {
            try output.emit(SentInvitation(invitationId: receipt.createdId, kind: draft.kind, to: draft.to, link: link,
                                           expiresAt: invitation?.expiresAt, outboxFile: mail.first?.path,
                                           mailNotWritten: workspace.lastMailFailure?.description))
            return
        }
        output.line(receipt.message)
        output.fields([("Link:", link), ("Email:", mail.first?.path ?? (workspace.lastMailFailure == nil ? "—" : "not written yet (see the warning)")),
                       ("Expires:", Dates.day(invitation?.expiresAt))])
    }
}

struct SentInvitation: Encodable {
    var invitationId: InvitationID?
    var kind: Invitation.Kind
    var to: String
    var link: String
    var expiresAt: Date?
    var outboxFile: String?
    /// Why the email is not in the outbox although the invitation is saved (the link above still works).
    var mailNotWritten: String?
}
