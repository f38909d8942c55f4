/// The top bar's facts: who is signed in, what waits, and whether it is saved.
public struct FrameStatus: Hashable, Sendable {
    public var account: String?
    public var user: String?
    public var pendingInvitations: Int
    public var durability: Durability

    public init(account: String? = nil, user: String? = nil, pendingInvitations: Int = 0, durability: Durability = .saved) {
        self.account = account
        self.user = user
        self.pendingInvitations = pendingInvitations
        self.durability = durability
    }
}
