extension PartnerModel {
    /// After a snapshot of `written` (a frozen copy of this model) was written: the customer,
    /// order and subscription chunks this model still shares with it are read from that file
    /// from now on, so the next snapshot copies them from there (`EntityTable.noteEncodedChunks`).
    package mutating func noteEncodedChunks(customers: [(any EncodedChunk)?], orders: [(any EncodedChunk)?],
                                            subscriptions: [(any EncodedChunk)?], writtenFrom written: PartnerModel) {
        self.customers.noteEncodedChunks(customers, writtenFrom: written.customers)
        self.orders.noteEncodedChunks(orders, writtenFrom: written.orders)
        self.subscriptions.noteEncodedChunks(subscriptions, writtenFrom: written.subscriptions)
    }
}
