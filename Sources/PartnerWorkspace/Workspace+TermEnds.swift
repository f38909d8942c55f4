import Foundation
import PartnerCore

extension Workspace {
    /// Renews or expires the terms that ended by `now` (rule 11), as changes of their own
    /// recorded for `recorder`; returns how many. Nothing is written when none is due, and
    /// the question costs a comparison then (`PartnerModel.termEnds`), so every change asks.
    @discardableResult
    public func recordTermEnds(at now: Date, for recorder: TermEndRecorder) throws -> Int {
        try finishLoading()
        guard !model.termEnds(dueBy: now, catalog: catalog).isEmpty else { return 0 }
        var recorded = 0
        try backend.commit(deciding: { latest in
            if let refusal = backend.refusalToActAs(recorder.userPrincipalName) { throw WorkspaceError.notPermitted(refusal) }
            let transactions = latest.termEndTransactions(dueBy: now, catalog: catalog, recordedFor: recorder)
            recorded = transactions.count
            return transactions
        })
        return recorded
    }

    /// What signing in does first, so no page shows a term that ended as running: the
    /// terms due renew or expire, recorded for `user`. A workspace that cannot be written
    /// (read-only, or a role that may not act as the user) is shown as it is.
    @discardableResult
    public func recordTermEnds(signingIn user: User) -> Int {
        guard backend.readOnlyReason == nil else { return 0 }
        return (try? recordTermEnds(at: now(), for: TermEndRecorder(userPrincipalName: user.userPrincipalName,
                                                                    accountId: user.accountId))) ?? 0
    }
}
