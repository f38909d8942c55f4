import Foundation
import PartnerCore
import PartnerStore
import PartnerWorkspace
import PartnerDashboard
import TerminalKit

/// Records what "Open in email" would have handed to the desktop.
@MainActor
final class RecordingOpener: ExternalOpener {
    var opened: [String] = []
    var outcome: ExternalOpenOutcome = .opened(program: "xdg-open")

    func open(_ url: String) -> ExternalOpenOutcome {
        opened.append(url)
        return outcome
    }
}

enum FixtureError: Error {
    case missing(String)
}

/// Demo accounts and invitations the invitation screens' tests need.
@MainActor
extension DemoWorkspace {
    static let tom = "tom@tailspinit.onmicrosoft.com"
    static let nadia = "nadia@northwindcloud.onmicrosoft.com"
    static let ben = "ben@contosodistribution.onmicrosoft.com"

    /// Fixes the ids and tokens the workspace makes from now on, so a drafted
    /// link (and so a golden screen that shows it) is the same every run.
    func seedFreshValues(_ seed: UInt64 = 7) {
        workspace.fresh = SeededFreshValues(seed: seed)
    }

    func account(_ name: String) throws -> AccountID {
        guard let account = workspace.model.accounts.values.first(where: { $0.legalName == name }) else {
            throw FixtureError.missing(name)
        }
        return account.id
    }

    func user(_ principal: String) throws -> UserID {
        guard let user = workspace.model.user(principal: principal) else { throw FixtureError.missing(principal) }
        return user.id
    }

    /// Sends an invitation with its drafted body, as the CLI does, and returns its link.
    @discardableResult
    func send(_ target: InvitationTarget, as principal: String) throws -> InvitationLink {
        let actor = Actor.user(try user(principal))
        let draft = try workspace.draftInvitation(to: target, as: actor)
        try workspace.execute(.sendInvitation(draft, body: draft.body), as: actor)
        return draft.link
    }

    /// An app over a signed-in session, opened on a page.
    func app(as principal: String, page: DashboardPage, size: TerminalSize = .minimum) throws -> (App, TestTerminal, DashboardSession) {
        let session = try self.session(signedInAs: principal)
        let shell = DashboardShell(session: session)
        let terminal = TestTerminal(size: size)
        return (App(terminal: terminal, shell: shell, root: shell.screen(for: page)), terminal, session)
    }
}

@MainActor
extension App {
    func type(_ text: String) {
        for c in text { handle(.character(c)) }
    }

    func press(_ keys: KeyEvent..., times: Int = 1) {
        for _ in 0..<times { for key in keys { handle(key) } }
    }

    /// Selects a table row by filtering for it (Esc first clears an earlier filter).
    func select(_ name: String) {
        for key: KeyEvent in [.escape, .character("/")] + name.map(KeyEvent.character) + [.enter] { handle(key) }
    }

    var screenText: String { render().text }

    /// The page box's text as one line: wrapped sentences read whole again.
    var pageText: String {
        render().lines().compactMap { line -> String? in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            guard parts.count >= 5 else { return nil }
            let page = parts[3].trimmingCharacters(in: .whitespaces)
            return page.isEmpty ? nil : page
        }
        .joined(separator: " ")
    }
    var hintLine: String { render().statusText }
}

extension CellGrid {
    /// The status line under the page box: the hints, or a message wrapped onto as many
    /// lines as it needs, read as one line again.
    var statusText: String {
        let lines = lines()
        let below = lines.suffix(from: (lines.lastIndex { $0.hasPrefix("└") } ?? lines.count - 2) + 1)
        return below.enumerated().map { $0 == 0 ? $1 : String($1.dropFirst()) }.joined(separator: " ")
    }
}
