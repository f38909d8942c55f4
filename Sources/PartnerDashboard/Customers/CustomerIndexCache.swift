import PartnerCore
import PartnerWorkspace
import TerminalKit

/// The last index built, kept for the next visit: reopening Customers (or the `:` palette) with 200k of them
/// costs no rebuild while the same customers are visible in the same workspace.
@MainActor
enum CustomerIndexCache {
    private final class Entry {
        weak var workspace: Workspace?
        let visible: Set<CustomerID>
        let index: CustomerSearchIndex

        init(workspace: Workspace, visible: Set<CustomerID>, index: CustomerSearchIndex) {
            self.workspace = workspace
            self.visible = visible
            self.index = index
        }
    }

    private static var last: Entry?

    static func index(of visible: Set<CustomerID>, in session: DashboardSession) -> CustomerSearchIndex {
        if let last, last.workspace === session.workspace, last.visible == visible { return last.index }
        let index = CustomerSearchIndex(model: session.model, ids: visible)
        last = Entry(workspace: session.workspace, visible: visible, index: index)
        return index
    }
}
