import Foundation
import PartnerCore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit
import TestSupport

/// Taking a 100 KB bracketed paste (docs/TUI.md › Paste): decoded from what the terminal
/// sends, handed to the focused input, and the one frame after it.
extension Bench {
    /// 100,000 ASCII characters (100 KB): a long link, and lines of an email.
    static let pastedLink = String(repeating: "partnerdash://invitation/", count: 4_000)
    static let pastedLines = String(repeating: String(repeating: "x", count: 79) + "\n", count: 1_250)

    func measurePaste(catalog: OfferCatalog) throws {
        say("100 KB pastes (\(options.runs) runs)…")
        var decode: [Double] = [], link: [Double] = [], bodyRefused: [Double] = [], bodyFull: [Double] = [], keyAfter: [Double] = []
        let workspace = try Workspace.open(at: workspaceDirectory, catalog: catalog)
        defer { workspace.close() }
        let model = workspace.model
        guard let ana = model.user(principal: Self.signIn),
              let resellerAdmin = model.users.values.first(where: { $0.isAdmin && model.accounts[$0.accountId]?.kind == .indirectReseller })
        else { throw Spawn.Failure(description: "no provider or reseller admin to paste as") }
        let bodyMax = InvitationField.body.maxLength
        let fullBody = String(Self.pastedLines.prefix(bodyMax - 1_000))
        for _ in 0..<options.runs {
            var decoder = InputDecoder()
            let (keys, d) = timed { decoder.feed("\u{1B}[200~" + Self.pastedLink + "\u{1B}[201~") }
            guard keys == [.paste(Self.pastedLink)] else { throw Spawn.Failure(description: "the paste did not decode as one") }
            decode.append(d)

            let linkApp = try app(workspace, as: ana) { OpenInvitationLinkScreen(session: $0) }
            let (linkFrame, l) = timed { linkApp.handle(.paste(Self.pastedLink)); return linkApp.render() }
            guard linkFrame.text.contains("invitation/partnerdash:") else { throw Spawn.Failure(description: "the link field did not take the paste") }
            link.append(l)

            let draft = try app(workspace, as: resellerAdmin) {
                DraftEmailScreen(session: $0, target: .customer(email: "paste@example.com", existing: nil))
            }
            let (refusedFrame, r) = timed { draft.handle(.paste(Self.pastedLines)); return draft.render() }
            guard refusedFrame.text.contains("Not pasted: Body holds at most") else { throw Spawn.Failure(description: "the body took more than it holds") }
            bodyRefused.append(r)
            let (fullFrame, f) = timed { draft.handle(.paste(fullBody)); return draft.render() }
            guard !fullFrame.text.contains("Not pasted"), fullFrame.text.contains(String(repeating: "x", count: 60)) else {
                throw Spawn.Failure(description: "the body did not take a paste it holds")
            }
            bodyFull.append(f)
            let (_, k) = timed { draft.handle(.character("x")); return draft.render() }
            keyAfter.append(k)
        }
        let section = "Paste (bracketed, 100 KB = 100,000 characters; handle + render 120×40)"
        report.add(section, "decode from terminal input", Samples(decode), key: "paste.decode", goal: "1000 ms")
        report.add(section, "into a field (Open invitation link's Link)", Samples(link), key: "paste.field", goal: "1000 ms")
        report.add(section, "into the draft email body: refused (holds \(bodyMax))", Samples(bodyRefused), key: "paste.bodyRefused",
                   goal: "1000 ms")
        report.add(section, "into the draft email body: \(fullBody.count) characters taken", Samples(bodyFull), key: "paste.body",
                   goal: "1000 ms")
        report.add(section, "  then one key typed in that body", Samples(keyAfter), key: "paste.keyAfter", goal: "16 ms")
    }

    private func app(_ workspace: Workspace, as user: User, _ screen: (DashboardSession) -> any Screen) throws -> App {
        let session = DashboardSession(workspace: workspace)
        if let refusal = session.signIn(user.id) { throw Spawn.Failure(description: "sign-in refused: \(refusal)") }
        let app = App(terminal: TestTerminal(size: Self.size), shell: DashboardShell(session: session), root: screen(session))
        _ = app.render()
        return app
    }
}
