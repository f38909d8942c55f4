import Foundation
import GRDB
import PartnerCore

/// The named peer: the same customers and subscriptions in SQLite through GRDB, with
/// the schema one would write for them (a row per customer, per reseller relationship
/// and per subscription; ids as two integers; an index on each subscription's customer).
/// WAL journal and `synchronous = FULL`: SQLite's durable setting and its faster journal.
enum Peer {
    static func configuration() -> Configuration {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    static func open(_ path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path, configuration: configuration())
    }

    static let schema = """
        CREATE TABLE customers (
            idHigh INTEGER NOT NULL, idLow INTEGER NOT NULL,
            domain TEXT NOT NULL, companyName TEXT NOT NULL,
            firstName TEXT NOT NULL, lastName TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,
            culture TEXT NOT NULL, language TEXT NOT NULL,
            line1 TEXT NOT NULL, line2 TEXT NOT NULL, city TEXT NOT NULL, state TEXT NOT NULL,
            postalCode TEXT NOT NULL, country TEXT NOT NULL,
            associatedHigh INTEGER, associatedLow INTEGER,
            channel INTEGER NOT NULL, createdAt REAL NOT NULL, adminUserName TEXT NOT NULL,
            PRIMARY KEY (idHigh, idLow));
        CREATE TABLE customerRelationships (
            customerHigh INTEGER NOT NULL, customerLow INTEGER NOT NULL,
            partnerHigh INTEGER NOT NULL, partnerLow INTEGER NOT NULL, since REAL NOT NULL);
        CREATE TABLE subscriptions (
            idHigh INTEGER NOT NULL, idLow INTEGER NOT NULL,
            customerHigh INTEGER NOT NULL, customerLow INTEGER NOT NULL,
            offerId TEXT NOT NULL, friendlyName TEXT NOT NULL, quantity INTEGER NOT NULL, status INTEGER NOT NULL,
            partnerId TEXT,
            supportHigh INTEGER, supportLow INTEGER, supportMpnId TEXT, supportName TEXT,
            creationDate REAL NOT NULL, commitmentEndDate REAL NOT NULL, autoRenew INTEGER NOT NULL,
            orderHigh INTEGER NOT NULL, orderLow INTEGER NOT NULL,
            PRIMARY KEY (idHigh, idLow));
        CREATE INDEX subscriptionsByCustomer ON subscriptions (customerHigh, customerLow);
        """

    @inline(__always) static func i(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }
    @inline(__always) static func u(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }

    static func channelCode(_ c: Customer.Channel) -> Int {
        switch c {
        case .ownMarketing: 1
        case .microsoftReferral: 2
        case .indirectProvider: 3
        }
    }

    static func channel(_ code: Int) -> Customer.Channel {
        switch code {
        case 2: .microsoftReferral
        case 3: .indirectProvider
        default: .ownMarketing
        }
    }

    static func statusCode(_ s: Subscription.Status) -> Int {
        switch s {
        case .active: 1
        case .suspended: 2
        case .deleted: 3
        case .expired: 4
        }
    }

    static func status(_ code: Int) -> Subscription.Status {
        switch code {
        case 2: .suspended
        case 3: .deleted
        case 4: .expired
        default: .active
        }
    }

    /// Creates the database at `path` and inserts every row in one transaction with
    /// prepared statements: the bulk write a snapshot is compared with.
    static func bulkInsert(path: String, customers: [Customer], subscriptions: [Subscription]) throws {
        let db = try open(path)
        try db.write { db in
            try db.execute(sql: schema)
            let insertCustomer = try db.makeStatement(sql: "INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            let insertRelationship = try db.makeStatement(sql: "INSERT INTO customerRelationships VALUES (?,?,?,?,?)")
            for c in customers {
                let b = c.billingProfile, a = b.defaultAddress
                insertCustomer.setUncheckedArguments([
                    i(c.id.high), i(c.id.low), c.companyProfile.domain, c.companyProfile.companyName,
                    b.firstName, b.lastName, b.email, b.phone, b.culture, b.language,
                    a.line1, a.line2, a.city, a.state, a.postalCode, a.country,
                    c.associatedPartnerId.map { i($0.high) }, c.associatedPartnerId.map { i($0.low) },
                    channelCode(c.channel), c.createdAt.timeIntervalSinceReferenceDate, c.adminUserName,
                ])
                try insertCustomer.execute()
                for r in c.relationships {
                    insertRelationship.setUncheckedArguments([
                        i(c.id.high), i(c.id.low), i(r.partnerId.high), i(r.partnerId.low), r.since.timeIntervalSinceReferenceDate,
                    ])
                    try insertRelationship.execute()
                }
            }
            let insertSubscription = try db.makeStatement(sql: "INSERT INTO subscriptions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            for s in subscriptions {
                insertSubscription.setUncheckedArguments([
                    i(s.id.high), i(s.id.low), i(s.customerId.high), i(s.customerId.low),
                    s.offerId, s.friendlyName, s.quantity, statusCode(s.status), s.partnerId,
                    s.supportContact.map { i($0.supportTenantId.high) }, s.supportContact.map { i($0.supportTenantId.low) },
                    s.supportContact?.supportMpnId, s.supportContact?.name,
                    s.creationDate.timeIntervalSinceReferenceDate, s.commitmentEndDate.timeIntervalSinceReferenceDate,
                    s.autoRenewEnabled ? 1 : 0, i(s.orderId.high), i(s.orderId.low),
                ])
                try insertSubscription.execute()
            }
        }
        try db.close()
    }

    struct Loaded {
        var customers: [CustomerID: Customer]
        var subscriptions: [SubscriptionID: Subscription]
    }

    /// Opens the database and reads every customer (with its relationships) and every
    /// subscription into the domain's structs, keyed by id: the full load an open is compared with.
    static func load(path: String) throws -> Loaded {
        let queue = try open(path)
        let loaded = try queue.read { db -> Loaded in
            var relationships: [CustomerID: [CustomerRelationship]] = [:]
            let rels = try Row.fetchCursor(db, sql: "SELECT * FROM customerRelationships")
            while let row = try rels.next() {
                let customer = Ident(high: u(row[0]), low: u(row[1]))
                relationships[customer, default: []].append(CustomerRelationship(
                    partnerId: Ident(high: u(row[2]), low: u(row[3])), since: Date(timeIntervalSinceReferenceDate: row[4])))
            }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? 0
            var customers = [CustomerID: Customer](minimumCapacity: count)
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM customers")
            while let row = try rows.next() {
                let id = Ident(high: u(row[0]), low: u(row[1]))
                let associatedHigh: Int64? = row[16]
                let associatedLow: Int64? = row[17]
                let associated = associatedHigh.flatMap { h in associatedLow.map { Ident(high: u(h), low: u($0)) } }
                customers[id] = Customer(
                    id: id,
                    companyProfile: CompanyProfile(domain: row[2], companyName: row[3]),
                    billingProfile: BillingProfile(
                        firstName: row[4], lastName: row[5], email: row[6], phone: row[7], culture: row[8], language: row[9],
                        defaultAddress: PostalAddress(line1: row[10], line2: row[11], city: row[12], state: row[13],
                                                      postalCode: row[14], country: row[15])),
                    associatedPartnerId: associated, relationships: relationships[id] ?? [],
                    channel: channel(row[18]), createdAt: Date(timeIntervalSinceReferenceDate: row[19]), adminUserName: row[20])
            }
            let subscriptionCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM subscriptions") ?? 0
            var subscriptions = [SubscriptionID: Subscription](minimumCapacity: subscriptionCount)
            let subs = try Row.fetchCursor(db, sql: "SELECT * FROM subscriptions")
            while let row = try subs.next() {
                let id = Ident(high: u(row[0]), low: u(row[1]))
                let supportHigh: Int64? = row[9]
                let supportLow: Int64? = row[10]
                let supportMpn: String? = row[11]
                let supportName: String? = row[12]
                var support: SupportContact?
                if let supportHigh, let supportLow, let supportMpn, let supportName {
                    support = SupportContact(supportTenantId: Ident(high: u(supportHigh), low: u(supportLow)),
                                             supportMpnId: supportMpn, name: supportName)
                }
                subscriptions[id] = Subscription(
                    id: id, customerId: Ident(high: u(row[2]), low: u(row[3])), offerId: row[4], friendlyName: row[5],
                    quantity: row[6], status: status(row[7]), partnerId: row[8], supportContact: support,
                    creationDate: Date(timeIntervalSinceReferenceDate: row[13]),
                    commitmentEndDate: Date(timeIntervalSinceReferenceDate: row[14]),
                    autoRenewEnabled: (row[15] as Int) != 0, orderId: Ident(high: u(row[16]), low: u(row[17])))
            }
            return Loaded(customers: customers, subscriptions: subscriptions)
        }
        try queue.close()
        return loaded
    }

    /// One durable single-row update per call, as a command would make it.
    final class Updater {
        let queue: DatabaseQueue

        init(path: String) throws {
            queue = try Peer.open(path)
        }

        func setQuantity(_ quantity: Int, of id: SubscriptionID) throws {
            try queue.write { db in
                try db.execute(sql: "UPDATE subscriptions SET quantity = ? WHERE idHigh = ? AND idLow = ?",
                               arguments: [quantity, Peer.i(id.high), Peer.i(id.low)])
            }
        }

        func close() throws { try queue.close() }
    }
}
