import Foundation
import PartnerCore
import PartnerWorkspace
import TerminalKit

/// The person at the keyboard and the workspace they work in: who is signed
/// in, the store every change goes through, and whether changes still reach
/// the disk. Screens read the model from here and change it only by `execute`.
@MainActor
public final class DashboardSession {
    public let workspace: Workspace
    public private(set) var userID: UserID?
    public private(set) var durability: Durability = .saved
    /// Dates are shown in this zone; tests pin it so golden files do not move.
    public var timeZone: TimeZone
    /// Where "Open in email" hands a `mailto:` draft; the program sets the system's.
    public var opener: any ExternalOpener = NoExternalOpener()

    public init(workspace: Workspace, timeZone: TimeZone = .current) {
        self.workspace = workspace
        self.timeZone = timeZone
    }

    public var model: PartnerModel { workspace.model }

    /// Whether the workspace is still reading its customers, orders and subscriptions (a
    /// dashboard started with `Workspace.beginOpen` draws its first frame meanwhile): the
    /// model has its accounts, users, invitations and partnerships, nothing else yet, and
    /// Home says it is counting. No key is handled until `finishLoading` returns.
    public var isLoading: Bool { workspace.isLoading }

    /// Waits until the whole model is in memory. An error here is the disk's: the
    /// workspace cannot be used.
    public func finishLoading() throws {
        try workspace.finishLoading()
    }
    public var now: Date { workspace.now() }

    public var actor: Actor? { userID.map(Actor.user) }
    public var user: User? { userID.flatMap { model.users[$0] } }
    public var account: PartnerAccount? { user.flatMap { model.accounts[$0.accountId] } }

    public func signIn(_ user: UserID) {
        userID = user
    }

    public func signOut() {
        userID = nil
    }

    /// Runs a command as the signed-in user. A refusal (`DomainError`) changes
    /// nothing and is for the screen to show; any other failure is the disk's,
    /// after which nothing more is attempted and the top bar says so (rule 5 of
    /// the durability rules, docs/RULES.md D5: never retry and then acknowledge).
    @discardableResult
    public func execute(_ command: Command) throws -> Receipt {
        guard let actor else { throw SessionError.notSignedIn }
        return try execute(command, as: actor)
    }

    /// Runs a command as someone other than the signed-in user: the enrollment
    /// wizard acts as `.enrollee`, who has no user until the account exists, and the
    /// customer answering an invitation link (`Actor.customer`), whose token is the
    /// credential. Same durability rules as `execute(_:)`.
    @discardableResult
    public func execute(_ command: Command, as actor: Actor) throws -> Receipt {
        if case .readOnly(let reason) = durability { throw SessionError.readOnly(reason) }
        do {
            return try workspace.execute(command, as: actor)
        } catch let refusal as DomainError {
            throw refusal
        } catch {
            durability = .readOnly(reason: String(describing: error))
            throw error
        }
    }

    /// Background upkeep between keys: starts a snapshot when the journal has grown and
    /// finishes one whose file is written, never waiting for it. Returns whether the top
    /// bar changed.
    public func maintainStore() -> Bool {
        let store = workspace.store
        let before = durability
        do {
            if try store.pollCheckpoint() != nil {
                durability = .saved
            } else if store.isCheckpointDue, try store.startCheckpoint() {
                durability = .saving
            }
        } catch {
            durability = .readOnly(reason: String(describing: error))
        }
        return durability != before
    }

    /// `2026-10-02` in the session's time zone.
    public func day(_ date: Date) -> String {
        CalendarDay(date, timeZone: timeZone).description
    }
}
