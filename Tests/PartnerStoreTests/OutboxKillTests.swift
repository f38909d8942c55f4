#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PartnerCore
import Testing
import TestSupport
@testable import PartnerStore
@testable import PartnerWorkspace

/// Kills `partnerdash-crash-writer --invitations` (invitations sent as `resellers request`
/// sends them) with SIGKILL at random moments, reopens the workspace as the next command
/// would, and requires that every committed invitation has its whole email in the outbox
/// (with the link whose token the journal holds the hash of), that every acknowledged
/// link is among them, and that no email exists for an invitation never committed.
struct OutboxKillTests {
    @Test(.timeLimit(.minutes(3)))
    func everyCommittedInvitationHasItsWholeEmailAfterSIGKILL() throws {
        let writer = try ConflictingWriters.writerPath()
        let rounds = KillRounds(onCI: 40, locally: 100, budget: .seconds(150))
        try withTemporaryDirectory { dir in
            let url = URL(fileURLWithPath: dir.file("ws"))
            try Workspace.create(at: url, catalog: try TestWorlds.catalog(), from: try TestWorlds.demo()).close()
            var acknowledged: [String] = []
            var publishedByAnOpen = 0
            try rounds.run { _, context, random in
                let child = try ChildProcess.spawn(writer, ["--invitations", url.path])
                let reached = child.awaitLines(moreThan: 1 + Int(random.next() % 6), seconds: 20)
                #expect(reached, "writer printed only \(child.lines.suffix(3)) (\(context))")
                // Up to 20 ms: a few invitations, so kills land anywhere among stage, append and publish.
                usleep(useconds_t(random.next() % 20_000))
                #expect(child.killAndReadToEnd(), "output did not end (\(context))")
                let errors = child.lines.filter { $0.hasPrefix("error") }
                #expect(errors.isEmpty, "\(errors) (\(context))")
                acknowledged += child.lines.filter { $0.hasPrefix("ack ") }.map { String($0.dropFirst(4)) }

                let workspace = try Workspace.open(at: url, catalog: try TestWorlds.catalog())
                publishedByAnOpen += workspace.openingSettlement?.published.count ?? 0
                try expectEveryCommittedInvitationHasItsEmail(workspace, acknowledged: acknowledged, context)
                workspace.close()
            }
            // How often a kill fell between the append and the move depends on timing: reported, not asserted.
            #expect(acknowledged.count > rounds.count,
                    "too few invitations to mean anything (seed \(rounds.seed); emails moved into place by an open: \(publishedByAnOpen))")
        }
    }

    private func expectEveryCommittedInvitationHasItsEmail(_ workspace: Workspace, acknowledged: [String], _ context: String) throws {
        let model = workspace.model
        var mailed: [InvitationID: InvitationLink] = [:]
        for file in workspace.outbox.messages() {
            guard let mail = strictMail(file, context) else { continue }
            guard mail.header("To")?.hasSuffix("@kill.example") == true else { continue }
            guard let link = Self.link(in: mail.body) else {
                Issue.record("\(file.lastPathComponent) has no invitation link (\(context))")
                continue
            }
            #expect(model.invitations[link.invitationId] != nil,
                    "\(file.lastPathComponent) is an email for an invitation never committed (\(context))")
            #expect(mailed[link.invitationId] == nil, "two emails for one invitation (\(context))")
            mailed[link.invitationId] = link
        }
        for invitation in model.invitations.values where invitation.email.hasSuffix("@kill.example") {
            guard let link = mailed[invitation.id] else {
                Issue.record("committed invitation \(invitation.id) to \(invitation.email) has no email (\(context))")
                continue
            }
            #expect(Secrets.hash(link.token) == invitation.tokenHash, "the email's link is not the invitation's (\(context))")
        }
        for text in acknowledged {
            let link = try #require(InvitationLink(parsing: text))
            #expect(mailed[link.invitationId] == link, "acknowledged \(text) has no email holding it (\(context))")
        }
    }

    static func link(in body: String) -> InvitationLink? {
        guard let start = body.range(of: InvitationLink.prefix)?.lowerBound else { return nil }
        return InvitationLink(parsing: String(body[start...].prefix { !$0.isWhitespace }))
    }
}
