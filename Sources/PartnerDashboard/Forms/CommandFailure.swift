import PartnerCore
import TerminalKit

/// How a failed `execute` reads on a screen. A refusal names the field and
/// the rule; anything else is the disk's, and the top bar already says
/// read-only, so the line only has to say the change did not happen.
enum CommandFailure {
    static func message(_ error: any Error, doing what: String) -> String {
        switch error {
        case let refusal as DomainError: return "\(what): \(refusal.message)"
        case let session as SessionError: return "\(what): \(session.description)"
        default: return "\(what): the workspace could not be written (\(error))"
        }
    }

    /// What a key that does nothing in this state says: the domain's refusal, as a
    /// command's would read.
    static func whyNot(_ refusal: DomainError?, doing what: String) -> String {
        refusal.map { message($0, doing: what) } ?? "\(what): not possible now"
    }
}
