import Dispatch
import PartnerCore

/// The model payload is a run of sections, each prefixed with its byte length
/// (UInt64), followed by the last sequence (UInt64). The lengths let the
/// large sections be encoded and decoded on several cores at once, which is
/// most of the time it takes to open or checkpoint a 200k-customer workspace.
/// From version 5 the check mark follows the last sequence (`ModelCheckMark`).
/// Each group is a run of consecutive sections handled by one thread.
final class ModelSections: @unchecked Sendable {
    static let count = 11
    /// The sections' names in messages, in file order, then what follows them.
    static let names = ["accounts", "users", "membership profiles", "listings", "change requests", "invitations",
                        "partnerships", "customers", "orders", "subscriptions", "audit log",
                        "last sequence, check mark and subscription summary"]
    /// Consecutive section ranges, one per thread; the big four get a group of their own.
    /// Encoding writes them in this order (it is the file's order).
    static let groups: [Range<Int>] = [0..<8, 8..<9, 9..<10, 10..<11]

    // Each property is written by exactly one group's thread and read after
    // `concurrentPerform` returns, which orders those accesses.
    var accounts: [PartnerAccount] = []
    var users: [User] = []
    var profiles: [MembershipProfile] = []
    var listings: [AccountID: [ListingLocation]] = [:]
    var changeRequests: [ProfileChangeRequest] = []
    var invitations: [Invitation] = []
    var partnerships: [Partnership] = []
    var customers = PartnerModel.CustomerTable(capacity: 0)
    var orders = EntityTable<Order>()
    var firstDuplicateOrder: OrderID?
    var subscriptions = PartnerModel.SubscriptionTable(capacity: 0, customers: 0)
    var auditLog: AuditLog = []
    /// The number of customers, read before the threads start (it sizes the subscriptions' index).
    var customerCount = 0
    /// How long each large section took on its thread (customers, orders, subscriptions, audit log).
    var groupTimes: [Duration] = []
    /// How the payload being read stores a subscription.
    let layout: ModelCodec.SubscriptionLayout
    /// Whether the payload being read writes its audit log by chunk (format 9).
    let chunkedAuditLog: Bool
    /// Whether the customers and orders read are noted where they lie in their file, for a
    /// snapshot to copy: only when their records are the bytes this version writes (format
    /// 10 on, whose snapshots write them by chunk).
    let notesEncodedChunks: Bool
    /// Whether the large sections' bytes are released as they are decoded
    /// (`ByteBuffer.release`): when nothing will read the payload again.
    let releasingRead: Bool
    /// The bytes loaded ahead of the decoder in the customers', orders' and subscriptions'
    /// sections (`SectionWindow`); tests make it small.
    let window: Int

    init(version: UInt32 = ModelCodec.currentVersion, releasingRead: Bool = false, window: Int = SectionWindow.defaultSize) {
        self.layout = ModelCodec.SubscriptionLayout(snapshotVersion: version)
        self.chunkedAuditLog = version >= ModelCodec.chunkedAuditVersion
        self.notesEncodedChunks = version >= CustomerPlaces.version
        self.releasingRead = releasingRead
        self.window = window
    }

    // MARK: Encoding

    /// With `inBackground`, each group is encoded on a lowered thread of its own
    /// (`BackgroundThreads`) instead of Dispatch's shared ones: the dashboard's snapshot.
    /// `version` below the current one writes what that format wrote (tests of reading older files).
    /// Throws when an audit chunk the model left in its snapshot cannot be read from it.
    static func encode(_ model: PartnerModel, inBackground: Bool = false, mark: ModelCheckMark = .unchecked,
                       version: UInt32 = ModelCodec.currentVersion) throws -> [[UInt8]] {
        try encodePieces(model, inBackground: inBackground, mark: mark, version: version).groups.map { group in
            let parts = try group.map { try $0.materialized() }
            return parts.count == 1 ? parts[0] : Array(parts.joined())
        }
    }

    /// A payload as a checkpoint writes it: per group (and then the tail) its pieces, the
    /// audit log's cold chunks left as runs to copy from the file they lie in.
    struct EncodedPieces {
        /// Per group, then the tail.
        var groups: [[SnapshotPiece]]
        /// Where each full audit chunk lies, from the audit log section's start (its length
        /// prefix); empty before format 9.
        var auditChunks: [Range<Int>]
        /// Where each customer chunk and each order chunk lies, from its section's start
        /// (its length prefix); empty before format 10.
        var customerChunks: [EncodedChunkBytes.Place] = []
        var orderChunks: [EncodedChunkBytes.Place] = []
        /// Where each subscription chunk's records lie end to end, nil where the section's
        /// order parted them (`SubscriptionPieces`); empty before format 10.
        var subscriptionChunks: [EncodedChunkBytes.Place?] = []

        var pieces: [SnapshotPiece] { Array(groups.joined()) }
    }

    static func encodePieces(_ model: PartnerModel, inBackground: Bool = false, mark: ModelCheckMark = .unchecked,
                             version: UInt32 = ModelCodec.currentVersion) throws -> EncodedPieces {
        var encoded = [[SnapshotPiece]](repeating: [], count: groups.count)
        // Written by the audit log's group alone, read once every group is done.
        let failureSlot = FailureSlot()
        let auditSlot = AuditChunksSlot()
        // Written by the subscriptions' group alone, read once every group is done.
        let placesSlot = PlacesSlot()
        // Written by the small sections' group alone (customers are its last), the same way.
        let customerPlacesSlot = CustomerPlacesSlot()
        // Written by the orders' group alone, the same way.
        let orderChunksSlot = OrderChunksSlot()
        encoded.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            let encodeGroup: @Sendable (Int) -> Void = { group in
                if groups[group] == auditLogSection..<auditLogSection + 1 && version >= ModelCodec.chunkedAuditVersion {
                    do {
                        let (pieces, chunks) = try ModelCodec.auditLogPieces(model.auditLog)
                        slots[group] = SectionPieces.lengthPrefixed(pieces)
                        auditSlot.chunks = chunks.map { $0.lowerBound + 8..<$0.upperBound + 8 }
                    } catch {
                        failureSlot.failure = error
                    }
                    return
                }
                var w = BinaryWriter(capacity: estimatedSize(of: groups[group], model))
                var pieces: [SnapshotPiece] = []
                for section in groups[group] {
                    if let table = tablePieces(section, model, version: version, customers: customerPlacesSlot,
                                               orders: orderChunksSlot, subscriptions: placesSlot) {
                        pieces += [.bytes(w.finish())] + table
                        w = BinaryWriter(capacity: 4096)
                        continue
                    }
                    let start = w.count
                    w.writeUInt64(0)
                    do {
                        try write(section, model, &w, version: version)
                    } catch {
                        failureSlot.failure = error
                    }
                    w.patchUInt64(UInt64(w.count - start - 8), at: start)
                }
                pieces.append(.bytes(w.finish()))
                slots[group] = pieces.filter { $0.count > 0 }
            }
            if inBackground {
                BackgroundThreads.perform(iterations: groups.count, encodeGroup)
            } else {
                DispatchQueue.concurrentPerform(iterations: groups.count, execute: encodeGroup)
            }
        }
        if let failure = failureSlot.failure { throw failure }
        let places = placesSlot.places
        var tail = BinaryWriter(capacity: 64 + 32 * places.runs.count + 16 * places.termEnds.count + 24 * places.byId.count)
        tail.writeUInt64(model.lastSequence)
        mark.write(&tail)
        SubscriptionSummary.write(model, places: places, &tail)
        if version >= CustomerPlaces.version { CustomerPlaces.write(customerPlacesSlot.noted, &tail) }
        if version >= SubscriptionPlaces.version { SubscriptionPlaces.write(places.byId, &tail) }
        return EncodedPieces(groups: encoded + [[.bytes(tail.finish())]], auditChunks: auditSlot.chunks,
                             customerChunks: customerPlacesSlot.chunks, orderChunks: orderChunksSlot.chunks,
                             subscriptionChunks: placesSlot.chunks)
    }

    /// A large table's section in pieces, those a snapshot file holds unchanged copied from
    /// it, noting in its group's slot where each chunk lies (and each customer's and each
    /// subscription's place): the subscriptions in every version (the summary needs their
    /// places), the customers and orders from format 10. Nil for a section written whole.
    private static func tablePieces(_ section: Int, _ model: PartnerModel, version: UInt32, customers: CustomerPlacesSlot,
                                    orders: OrderChunksSlot, subscriptions: PlacesSlot) -> [SnapshotPiece]? {
        switch section {
        case subscriptionsSection:
            let written = SubscriptionPieces.write(model)
            subscriptions.places = written.places
            subscriptions.chunks = written.chunks
            return written.pieces
        case customersSection where version >= CustomerPlaces.version:
            let written = CustomerPlaces.customerPieces(model)
            customers.noted = written.noted
            customers.chunks = written.chunks
            return written.pieces
        case ordersSection where version >= CustomerPlaces.version:
            let written = SectionPieces.writeTable(model.orders, capacity: 1 << 20, encoding: { ModelCodec.write($0, &$1) })
            orders.chunks = written.chunks
            return written.pieces
        default:
            return nil
        }
    }

    private final class AuditChunksSlot: @unchecked Sendable {
        var chunks: [Range<Int>] = []
    }

    private final class FailureSlot: @unchecked Sendable {
        var failure: (any Error)?
    }

    private final class PlacesSlot: @unchecked Sendable {
        var places = SubscriptionSummary.Places()
        var chunks: [EncodedChunkBytes.Place?] = []
    }

    private final class CustomerPlacesSlot: @unchecked Sendable {
        var noted = CustomerPlaces.Noted()
        var chunks: [EncodedChunkBytes.Place] = []
    }

    private final class OrderChunksSlot: @unchecked Sendable {
        var chunks: [EncodedChunkBytes.Place] = []
    }

    private static func estimatedSize(of sections: Range<Int>, _ m: PartnerModel) -> Int {
        sections.reduce(64) { total, section in
            switch section {
            case 7: total + m.customers.count * 600
            case 8: total + m.orders.count * 300
            case 9: total + m.subscriptions.count * 180
            case 10: total + m.auditLog.count * 260
            default: total + 4096
            }
        }
    }

    private static func write(_ section: Int, _ model: PartnerModel, _ w: inout BinaryWriter, version: UInt32) throws {
        switch section {
        case 0: w.writeArray(model.accounts.values) { ModelCodec.write($1, &$0) }
        case 1: w.writeArray(model.users.values) { ModelCodec.write($1, &$0) }
        case 2: w.writeArray(model.membershipProfiles.values) { ModelCodec.write($1, &$0) }
        case 3:
            w.writeArray(model.listings) { w, entry in
                ModelCodec.write(entry.key, &w)
                w.writeArray(entry.value) { ModelCodec.write($1, &$0) }
            }
        case 4: w.writeArray(model.changeRequests.values) { ModelCodec.write($1, &$0) }
        case 5: w.writeArray(model.invitations.values) { ModelCodec.write($1, &$0) }
        case 6: w.writeArray(model.partnerships.values) { ModelCodec.write($1, &$0) }
        case 7: w.writeArray(model.customers.values) { ModelCodec.write($1, &$0) }
        case 8: w.writeArray(model.orders.values) { ModelCodec.write($1, &$0) }
        case 9: preconditionFailure("the subscriptions are written in pieces (SubscriptionPieces)")
        default:
            if version >= ModelCodec.chunkedAuditVersion {
                try ModelCodec.writeAuditLog(model.auditLog, &w)
            } else {
                w.writeArray(model.auditLog) { ModelCodec.write($1, &$0) }
            }
        }
    }

    /// The model of these sections. With `small` only the small ones (a preview);
    /// otherwise all, and the sections let go of them so that the model holds the only
    /// reference: a shared collection would be copied whole (hundreds of megabytes) by
    /// the first change, the journal's replay.
    func assemble(lastSequence: UInt64, small: Bool = false) -> PartnerModel {
        let model = PartnerModel(
            assembling: accounts, users: users, membershipProfiles: profiles, listings: listings,
            changeRequests: changeRequests, invitations: invitations, partnerships: partnerships,
            customers: small ? PartnerModel.CustomerTable(capacity: 0) : customers,
            orders: small ? [] : orders,
            subscriptions: small ? PartnerModel.SubscriptionTable(capacity: 0, customers: 0) : subscriptions,
            auditLog: small ? [] : auditLog, lastSequence: lastSequence)
        if !small { releaseAll() }
        return model
    }

    /// Drops every collection read, once a model has taken them.
    private func releaseAll() {
        accounts = []
        users = []
        profiles = []
        listings = [:]
        changeRequests = []
        invitations = []
        partnerships = []
        customers = PartnerModel.CustomerTable(capacity: 0)
        orders = []
        subscriptions = PartnerModel.SubscriptionTable(capacity: 0, customers: 0)
        auditLog = []
    }

    // MARK: Decoding

    /// The sections that are small whatever the workspace's size (accounts, users, profiles,
    /// listings, change requests, invitations, partnerships), decoded first on the calling
    /// thread; the large ones (customers, orders, subscriptions, audit log) after, in parallel.
    static let smallSections = 0..<7
    static let largeSections = [7, 8, 9, 10]
    /// The order the large sections start in as threads come free: the two longest first
    /// (subscriptions, then customers), so on two cores orders follow customers and the
    /// audit log follows subscriptions, which about balances the two.
    static let largeDecodingOrder = [9, 7, 8, 10]

    /// A payload whose sections have been found (lengths checked), not yet decoded.
    struct Located: Sendable {
        let source: BinaryReader
        let ranges: [Range<Int>]
        let lastSequence: UInt64
        /// `.unchecked` before version 5.
        let mark: ModelCheckMark
        /// Nil before version 6.
        var subscriptionSummary: SubscriptionSummary?
        /// Nil before version 10.
        var customerPlaces: CustomerPlaces?
        /// Nil before version 11.
        var subscriptionPlaces: SubscriptionPlaces?
        /// The bytes after the sections: the last sequence, the check mark, the summary and the places.
        let tail: Range<Int>

        /// Without the summary and the places, whose bytes (in the tail, read where they
        /// lie) are given back: for an open that decodes every section and so reads
        /// neither, which would otherwise hold them to its end (38 MB at 200k, 192 bytes a
        /// customer at the open's peak). What asks for them after finds none.
        func givingBackSummaryAndPlaces() -> Located {
            source.buffer.release(tail)
            var without = self
            without.subscriptionSummary = nil
            without.customerPlaces = nil
            without.subscriptionPlaces = nil
            return without
        }
    }

    /// The first payload version that ends with a check mark.
    static let checkMarkVersion: UInt32 = 5
    /// The first payload version whose check mark is followed by a `SubscriptionSummary`.
    static let subscriptionSummaryVersion: UInt32 = 6

    /// Finds the sections, the last sequence and (from version 5) the check mark; trailing bytes are an error.
    /// A format-8 file's sections are where its table says, read only as they are decoded;
    /// what follows them is read here.
    static func locate(_ r: inout BinaryReader, version: UInt32) throws -> Located {
        var ranges: [Range<Int>] = []
        if let table = r.buffer.sectionTable, table.entries.count == count + 1, table.payloadStart == r.offset {
            ranges = table.entries.prefix(count).map { $0.range.lowerBound + 8..<$0.range.upperBound }
            let rest = table.entries[count].range
            try r.buffer.load(rest)
            try r.seek(to: rest.lowerBound)
        }
        for section in ranges.count..<count {
            let at = r.offset
            try r.buffer.load(at..<at + 8)
            let length = try r.readUInt64()
            guard length <= UInt64(r.remaining) else {
                throw StoreError.malformed(offset: at, reason: "section \(section) of \(length) bytes exceeds the \(r.remaining) bytes left")
            }
            ranges.append(r.offset..<(r.offset + Int(length)))
            try r.skip(Int(length))
            if section == count - 1 { try r.buffer.load(r.offset..<r.offset + r.remaining) }
        }
        let lastSequence = try r.readUInt64()
        let mark = version >= checkMarkVersion ? try ModelCheckMark.read(&r) : .unchecked
        let summary = version >= subscriptionSummaryVersion ? try SubscriptionSummary.read(&r, version: version) : nil
        let customerPlaces = version >= CustomerPlaces.version ? try CustomerPlaces.read(&r) : nil
        let subscriptionPlaces = version >= SubscriptionPlaces.version ? try SubscriptionPlaces.read(&r) : nil
        try r.expectEnd("the model")
        return Located(source: r, ranges: ranges, lastSequence: lastSequence, mark: mark, subscriptionSummary: summary,
                       customerPlaces: customerPlaces, subscriptionPlaces: subscriptionPlaces,
                       tail: ranges[count - 1].upperBound..<r.offset)
    }

    /// Finds the sections, decodes them all and returns them with the last sequence.
    static func decode(_ r: inout BinaryReader, version: UInt32) throws -> (ModelSections, UInt64) {
        let located = try locate(&r, version: version)
        let sections = ModelSections(version: version)
        try sections.decodeSmall(located)
        try sections.decodeLarge(located)
        return (sections, located.lastSequence)
    }

    /// Decodes the small sections on the calling thread (milliseconds at any size).
    func decodeSmall(_ located: Located) throws {
        for section in Self.smallSections { try decode(section, located) }
    }

    /// Reads how many customers the payload holds (it sizes the subscriptions' index);
    /// before any large section is decoded.
    func countCustomers(_ located: Located) {
        try? located.source.buffer.load(located.ranges[7].lowerBound..<min(located.ranges[7].lowerBound + 10, located.ranges[7].upperBound))
        var peek = located.source.window(located.ranges[7].lowerBound, located.ranges[7].upperBound)
        customerCount = (try? peek.readCount("array count")) ?? 0
    }

    /// Decodes the large sections in parallel and returns when all are done; the first
    /// error, if any, is thrown. Each section's time is kept in `groupTimes`.
    func decodeLarge(_ located: Located) throws {
        countCustomers(located)
        let (times, failure) = decodeLarge(Self.largeDecodingOrder, located)
        groupTimes = times
        if let failure { throw failure }
    }

    /// Decodes `sections` (large ones, in the order to start them) in parallel; returns
    /// each large section's time (zero for those not asked for) and the first error.
    /// Two calls may run at once for different sections: each writes only its own.
    func decodeLarge(_ sections: [Int], _ located: Located) -> (times: [Duration], failure: (any Error)?) {
        var failures = [(any Error)?](repeating: nil, count: Self.largeSections.count)
        var times = [Duration](repeating: .zero, count: Self.largeSections.count)
        failures.withUnsafeMutableBufferPointer { failureSlots in
            times.withUnsafeMutableBufferPointer { timeSlots in
                nonisolated(unsafe) let failureSlots = failureSlots
                nonisolated(unsafe) let timeSlots = timeSlots
                DispatchQueue.concurrentPerform(iterations: sections.count) { task in
                    let section = sections[task]
                    // Slots in file order: customers, orders, subscriptions, audit log.
                    let slot = section - Self.largeSections[0]
                    let clock = ContinuousClock()
                    let start = clock.now
                    defer { timeSlots[slot] = clock.now - start }
                    do {
                        try decode(section, located)
                    } catch {
                        failureSlots[slot] = error
                    }
                }
            }
        }
        return (times, failures.compactMap { $0 }.first)
    }

    /// The large sections (in `largeDecodingOrder`) that `deferring` leaves unread.
    static func largeSections(deferring: DeferredSections) -> (read: [Int], deferred: [Int]) {
        var deferredSections: Set<Int> = []
        if deferring.contains(.auditLog) { deferredSections.insert(auditLogSection) }
        if deferring.contains(.ordersAndSubscriptions) { deferredSections.formUnion([ordersSection, subscriptionsSection]) }
        if deferring.contains(.customers) { deferredSections.insert(customersSection) }
        return (largeDecodingOrder.filter { !deferredSections.contains($0) }, largeDecodingOrder.filter(deferredSections.contains))
    }

    static let customersSection = 7
    static let ordersSection = 8
    static let subscriptionsSection = 9
    static let auditLogSection = 10

    /// Reads the audit log section an open left unread (`DeferredSections.auditLog`) and
    /// hands it over, keeping nothing.
    func decodeDeferredAuditLog(_ located: Located) throws -> AuditLog {
        try decode(Self.auditLogSection, located)
        defer { auditLog = [] }
        return auditLog
    }

    /// The snapshot's customers that have a relationship with `partner`, each decoded alone
    /// from where `CustomerPlaces` says it is, having read (and checked) only the blocks
    /// they lie in. A place that holds no customer of `partner` is the snapshot's damage.
    func decodeCustomers(of partner: AccountID, _ located: Located) throws -> [Customer] {
        try Self.customerPlaces(located).places(of: partner).map { place in
            try Self.decodeCustomer(at: place, located, "not \(partner)'s") { $0.relationships.contains { $0.partnerId == partner } }
        }
    }

    /// The snapshot's customers of these ids (those it has), each decoded alone as `decodeCustomers(of:)` does.
    func decodeCustomers(_ ids: some Sequence<CustomerID>, _ located: Located) throws -> [Customer] {
        let places = try Self.customerPlaces(located)
        return try ids.compactMap { id in
            try places.place(of: id).map { place in try Self.decodeCustomer(at: place, located, "not \(id)") { $0.id == id } }
        }
    }

    /// The snapshot's subscriptions whose id `prefix` matches, each decoded alone from where
    /// `SubscriptionPlaces` says it is, as `decodeCustomers(of:)` decodes customers. A place
    /// that holds another subscription is the snapshot's damage.
    func decodeSubscriptions(matching prefix: IdPrefix, _ located: Located) throws -> [Subscription] {
        guard let places = located.subscriptionPlaces else {
            throw StoreError.malformed(offset: 0, reason: "subscription places: the snapshot has none (written before format 11)")
        }
        let section = located.ranges[Self.subscriptionsSection]
        return try places.places(matching: prefix).map { id, place in
            let subscription = try Self.reading(in: section, at: place, located.source, what: "subscription places") {
                try ModelCodec.readSubscription(&$0, layout: layout)
            }
            guard subscription.id == id else {
                throw StoreError.malformed(offset: section.lowerBound + Int(place),
                                           reason: "subscription places: the subscription at \(place) is not \(id)")
            }
            return subscription
        }
    }

    /// The customer at `place` in the customers section, refused as damage (saying it is
    /// `unlike`) when it is not the one `expected` looks for.
    private static func decodeCustomer(at place: UInt64, _ located: Located, _ unlike: String,
                                       expected: (Customer) -> Bool) throws -> Customer {
        let section = located.ranges[customersSection]
        let customer = try reading(in: section, at: place, located.source, what: "customer places") { try ModelCodec.readCustomer(&$0) }
        guard expected(customer) else {
            throw StoreError.malformed(offset: section.lowerBound + Int(place),
                                       reason: "customer places: the customer at \(place) is \(unlike)")
        }
        return customer
    }

    private static func customerPlaces(_ located: Located) throws -> CustomerPlaces {
        guard let places = located.customerPlaces else {
            throw StoreError.malformed(offset: 0, reason: "customer places: the snapshot has none (written before format 10)")
        }
        return places
    }

    /// What `read` reads from `place` in `section`, having read from the file only the
    /// blocks it needs: a guess at a record's bytes first, more while `read` runs out of them.
    private static func reading<T>(in section: Range<Int>, at place: UInt64, _ source: BinaryReader, what: String,
                                   _ read: (inout BinaryReader) throws -> T) throws -> T {
        guard place < UInt64(section.count) else {
            throw StoreError.malformed(offset: section.lowerBound, reason: "\(what): \(place) is past the section's \(section.count) bytes")
        }
        return try SectionWindow(section, size: 1_024).read(from: section.lowerBound + Int(place), of: source, read).value
    }

    private func decode(_ section: Int, _ located: Located) throws {
        let range = located.ranges[section]
        precondition(!located.source.buffer.isReleased(range), "section \(section) was released when it was decoded before")
        // A snapshot file read on demand keeps its full audit chunks: the model holds them cold.
        if section == Self.auditLogSection, chunkedAuditLog, let file = located.source.buffer.sectionFile {
            auditLog = try ModelCodec.readColdAuditLog(section: range, of: located.source, file: file, releasing: releasingRead)
            return
        }
        let windowed = Self.windowedSections.contains(section)
        let window = windowed ? SectionWindow(range, size: self.window) : SectionWindow(whole: range)
        // Read start to end and released behind the decoder: the one read huge pages pay for.
        if windowed && releasingRead { located.source.buffer.adviseHugePages(range) }
        var reader = try window.reader(of: located.source)
        if releasingRead && Self.largeSections.contains(section) { reader.releasingAsRead(every: window.releaseStep) }
        try read(section, &reader, window)
        try window.expectEnd(&reader, "section \(section)")
        reader.releaseAllRead()
    }

    /// The sections read a window ahead of their decoder, record by record (`SectionWindow`);
    /// the audit log's is read a chunk at a time (`ModelCodec.readColdAuditLog`).
    static let windowedSections = [customersSection, ordersSection, subscriptionsSection]

    private func read(_ section: Int, _ r: inout BinaryReader, _ window: SectionWindow) throws {
        switch section {
        case 0: accounts = try r.readArray(ModelCodec.readAccount)
        case 1: users = try r.readArray(ModelCodec.readUser)
        case 2: profiles = try r.readArray(ModelCodec.readMembershipProfile)
        case 3:
            let pairs = try r.readArray { r in (try ModelCodec.readIdent(&r), try r.readArray(ModelCodec.readListingLocation)) }
            for (id, locations) in pairs { listings[id] = locations }
        case 4: changeRequests = try r.readArray(ModelCodec.readChangeRequest)
        case 5: invitations = try r.readArray(ModelCodec.readInvitation)
        case 6: partnerships = try r.readArray(ModelCodec.readPartnership)
        // The three large collections are gathered as they are read and keyed (and
        // indexed) in bulk at the section's end, on this section's thread.
        case 7:
            let count = try window.count(&r, "array count")
            var table = PartnerModel.CustomerTable(capacity: count)
            var chunks = EncodedChunkBytes.Noting(source: notesEncodedChunks ? r.buffer.sectionFile : nil, chunkSize: EntityTable<Customer>.chunkSize)
            var packer = Customer.Packer()
            for _ in 0..<count {
                chunks.noteRecord(at: r.offset)
                table.insert(try window.record(&r) { try ModelCodec.readCustomer(&$0, packer: &packer) })
                r.releaseRead()
            }
            table.finish()
            table.noteEncodedChunks(chunks.finish(at: r.offset))
            customers = table
        case 8:
            let count = try window.count(&r, "array count")
            var table = PartnerModel.OrderTable(capacity: count)
            var numbers = InternedNumbers()
            var chunks = EncodedChunkBytes.Noting(source: notesEncodedChunks ? r.buffer.sectionFile : nil, chunkSize: EntityTable<Order>.chunkSize)
            for _ in 0..<count {
                chunks.noteRecord(at: r.offset)
                table.insert(try window.record(&r) { try ModelCodec.readOrder(&$0, numbers: &numbers) })
                r.releaseRead()
            }
            orders = table.finish()
            firstDuplicateOrder = table.firstDuplicate
            if firstDuplicateOrder == nil { orders.noteEncodedChunks(chunks.finish(at: r.offset)) }
        case 9:
            let count = try window.count(&r, "array count")
            var table = PartnerModel.SubscriptionTable(capacity: count, customers: customerCount)
            var numbers = InternedNumbers()
            var chunks = EncodedChunkBytes.Noting(source: notesEncodedChunks ? r.buffer.sectionFile : nil,
                                                  chunkSize: EntityTable<Subscription>.chunkSize)
            for _ in 0..<count {
                chunks.noteRecord(at: r.offset)
                table.insert(try window.record(&r) { try ModelCodec.readSubscription(&$0, layout: layout, numbers: &numbers) })
                r.releaseRead()
            }
            table.finish()
            table.noteEncodedChunks(chunks.finish(at: r.offset))
            subscriptions = table
        default:
            if chunkedAuditLog {
                auditLog = try ModelCodec.readAuditLog(&r)
                return
            }
            let count = try r.readCount("array count")
            var log = AuditLog.Builder()
            log.reserveCapacity(count)
            for _ in 0..<count {
                try ModelCodec.readAuditRecord(&r, into: &log)
                r.releaseRead()
            }
            auditLog = log.finish()
        }
    }
}
