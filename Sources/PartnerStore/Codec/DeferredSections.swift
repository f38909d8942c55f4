/// Large snapshot sections an open may leave unread until something needs them. No rule
/// reads them (they are history), so a command that only shows customers, subscriptions
/// or partners opens without them; a change, a snapshot or `loadDeferred` reads them
/// first, so every decision and every snapshot still has the whole model.
public struct DeferredSections: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// The audit records the snapshot holds (those in the journal after it are read as always).
    public static let auditLog = DeferredSections(rawValue: 1)
}
