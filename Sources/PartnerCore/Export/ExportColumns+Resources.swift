extension CustomerColumn: ExportColumns {}
extension OrderColumn: ExportColumns {
    public var kind: ExportColumn.Kind { self == .quantity || self == .lineItemNumber ? .integer : .text }
}
extension InvitationColumn: ExportColumns {}
extension IndirectResellerColumn: ExportColumns {}
extension IndirectProviderColumn: ExportColumns {}
extension AuditRecordColumn: ExportColumns {}

extension SubscriptionColumn: ExportColumns {
    public var kind: ExportColumn.Kind {
        switch self {
        case .quantity: return .integer
        case .autoRenewEnabled: return .boolean
        default: return .text
        }
    }
}
