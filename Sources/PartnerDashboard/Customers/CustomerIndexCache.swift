import PartnerCore
import TerminalKit

/// The last index built, kept in the session for the next visit: reopening Customers (or
/// the `:` palette) with 200k of them costs no rebuild while the same customers are visible.
@MainActor
enum CustomerIndexCache {
    static func index(of visible: CustomerIdSet, in session: DashboardSession) -> CustomerSearchIndex {
        if let last = session.customerIndex, last.visible == visible { return last.index }
        let index = CustomerSearchIndex(model: session.model, ids: visible)
        session.customerIndex = (visible, index)
        return index
    }

    /// `index` with the `added` customers merged in, now the index of `visible`.
    static func adding(_ added: CustomerIdSet, to index: CustomerSearchIndex, visible: CustomerIdSet,
                       in session: DashboardSession) -> CustomerSearchIndex {
        let merged = index.adding(added.compactMap { session.model.customers[$0] })
        session.customerIndex = (visible, merged)
        return merged
    }
}
