import Foundation
import PartnerCore

extension Workspace {
    /// Imports the CSV `text` (the export's own columns) as `actor`: every row decided
    /// against the latest model under the write lock, then the good rows journaled as ONE
    /// record (record type 4: every row's events and audit record, one sequence, one sync),
    /// so a crash keeps all of them or none, and 10,000 rows cost one commit. With any bad
    /// row nothing is written and `ImportRefused` lists them
    /// all, unless `skippingBadRows`: then the good rows are written and the bad returned.
    @discardableResult
    public func importRows(_ resource: ImportResource, csv text: String, as actor: Actor,
                           skippingBadRows: Bool = false) throws -> ImportDecision {
        try finishLoading()
        let at = now()
        // As `execute`: terms that ended renew or expire first, so the rows see them as they are.
        if let recorder = model.termEndRecorder(for: actor) { _ = try recordTermEnds(at: at, for: recorder) }
        var decided: ImportDecision?
        try backend.commitAsOneRecord(deciding: { latest in
            if case .user(let id) = actor, let user = latest.users[id], let refusal = backend.refusalToActAs(user.userPrincipalName) {
                throw WorkspaceError.notPermitted(refusal)
            }
            var context = CommandContext(now: at, fresh: fresh, catalog: catalog)
            let decision = try latest.decideImport(resource, csv: text, as: actor, context: &context)
            decided = decision
            guard decision.problems.isEmpty || skippingBadRows else { return [] }
            fresh = context.fresh
            return decision.transactions
        })
        guard let decision = decided else { preconditionFailure("the store committed without deciding") }
        if !decision.problems.isEmpty, !skippingBadRows { throw ImportRefused(problems: decision.problems) }
        return decision
    }
}
