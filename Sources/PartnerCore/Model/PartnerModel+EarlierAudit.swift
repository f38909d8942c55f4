extension PartnerModel {
    /// Puts `earlier` (a snapshot's audit records, read after the model was opened without
    /// them: `WorkspaceStore.open(deferring:)`) in front of the records this model holds.
    public mutating func prependAuditLog(_ earlier: AuditLog) {
        var whole = earlier
        whole.append(contentsOf: auditLog)
        auditLog = whole
    }
}

extension PartnerModel {
    /// The audit log's cold chunks that `written`'s log holds at the same places read from
    /// `source` from now on (`AuditLog.readColdChunks`): a snapshot just written from
    /// `written` holds them.
    package mutating func readAuditChunks(from source: any AuditChunkSource, holding count: Int, writtenFrom written: PartnerModel) {
        auditLog.readColdChunks(from: source, holding: count, writtenFrom: written.auditLog)
    }
}
