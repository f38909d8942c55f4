import Foundation
import PartnerCore

extension Workspace {
    /// How many term ends one journal record holds at most. The renewals found due
    /// together are one record (type 4, as an import's rows), so a crash keeps all of them
    /// or none and they cost one append and one sync; but two months away from a 200,000-
    /// customer workspace finds some 200,000 due. A renewal is about 360 bytes in the
    /// journal, so 20,000 make a record of about 7 MB: far below the journal's 256 MiB
    /// record limit, a size a reader holds (and PostgreSQL sends as one row) without
    /// strain, and only a handful of records and syncs for the largest catch-up. Each
    /// record stands on its own: a crash between two keeps the first, and the next sign-in
    /// records the rest.
    public static let termEndsPerRecord = 20_000

    /// Renews or expires the terms that ended by `now` (rule 11), as changes of their own
    /// recorded for `recorder`, in records of at most `perRecord`; returns how many.
    /// Nothing is written when none is due, and the question costs a comparison then
    /// (`PartnerModel.termEnds`), so every change asks.
    @discardableResult
    public func recordTermEnds(at now: Date, for recorder: TermEndRecorder, perRecord: Int = termEndsPerRecord) throws -> Int {
        try finishLoading()
        var recorded = 0
        // The candidates come from the backend: a store that left the subscriptions unread
        // finds them without reading the rest (WorkspaceStore.termEndCandidates).
        while !PartnerModel.termEnds(among: try backend.termEndCandidates(by: now, atLeast: 1), dueBy: now,
                                     catalog: catalog, limit: 1).isEmpty {
            var chunk = 0
            try backend.commitTermEnds(dueBy: now, atLeast: perRecord, deciding: { latest, candidates in
                if let refusal = backend.refusalToActAs(recorder.userPrincipalName) { throw WorkspaceError.notPermitted(refusal) }
                let transactions = latest.termEndTransactions(among: candidates, dueBy: now, catalog: catalog,
                                                              recordedFor: recorder, limit: perRecord)
                chunk = transactions.count
                return transactions
            })
            // Another process recorded them meanwhile (the commit read its records first).
            guard chunk > 0 else { break }
            recorded += chunk
        }
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
