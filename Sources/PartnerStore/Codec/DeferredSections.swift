/// Large snapshot sections an open may leave unread until something needs them, for a
/// command that shows none of them; a change, a snapshot or `loadDeferred` reads them
/// first, so every decision and every snapshot still has the whole model.
public struct DeferredSections: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// The audit records the snapshot holds (those in the journal after it are read as
    /// always). No rule reads them: they are history.
    public static let auditLog = DeferredSections(rawValue: 1)
    /// The snapshot's orders and subscriptions. Rules read them, so the open honours this
    /// only when nothing it checks needs them (`WorkspaceStore.open(deferring:)`), and
    /// `loadDeferred` reads the snapshot again whole rather than putting them in.
    public static let ordersAndSubscriptions = DeferredSections(rawValue: 2)
    /// The snapshot's customers, but those of the partners a command then asks for
    /// (`WorkspaceStore.loadCustomers(of:)`): a listing of one reseller's customers. Honoured
    /// only with orders and subscriptions deferred too, a snapshot that says where each
    /// partner's customers are (format 10, `CustomerPlaces`) and a replay that names no
    /// customer, invitation or partnership; `loadDeferred` reads the snapshot again whole.
    public static let customers = DeferredSections(rawValue: 4)
    /// What a command that reads one subscription and its customer leaves (`subscriptions
    /// update`): `WorkspaceStore.loadSubscriptions(matching:)` puts those in, and
    /// `commit(reading:deciding:)` decides the update without the rest.
    public static let allLarge: DeferredSections = [.auditLog, .ordersAndSubscriptions, .customers]
    /// What a command that shows only customers, partners, users or invitations leaves.
    public static let allButCustomersAndPartners: DeferredSections = [.auditLog, .ordersAndSubscriptions]
}
