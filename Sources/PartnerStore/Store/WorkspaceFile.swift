/// One file of a workspace as `partnerdash check` lists it.
public struct WorkspaceFile: Sendable, Equatable {
    public var name: String
    public var size: Int64
    /// Permission bits, e.g. 0o600.
    public var mode: UInt32
}
