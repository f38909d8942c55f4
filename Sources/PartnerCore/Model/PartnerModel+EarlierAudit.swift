extension PartnerModel {
    /// Puts `earlier` (a snapshot's audit records, read after the model was opened without
    /// them: `WorkspaceStore.open(deferring:)`) in front of the records this model holds.
    public mutating func prependAuditLog(_ earlier: AuditLog) {
        var whole = earlier
        whole.append(contentsOf: auditLog)
        auditLog = whole
    }
}
