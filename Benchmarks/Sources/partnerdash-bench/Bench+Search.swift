import Foundation
import GRDB
import PartnerCore
import TestSupport

/// Text search and the reseller filter against SQLite set up as a careful DBA would: an
/// FTS5 table with the trigram tokenizer over the same four fields the Customers filter
/// searches, and the reseller relationship table indexed both ways.
extension Bench {
    /// Three or more characters (the FTS5 index answers), one CJK pair and a two-letter
    /// query (FTS5 scans: its trigrams need three characters).
    static let searchQueries = ["alp", "smith", "café", "東京", "zz"]

    func measureSearch(model: PartnerModel) throws {
        say("text search vs SQLite FTS5 (trigram tokenizer), and the reseller filter vs indexed SQLite…")
        let section = "Search, \(report.customers) customers: ours vs SQLite (FTS5 trigram, indexed relationships)"
        let customers = model.customerIds(visibleTo: try provider(model)).compactMap { model.customers[$0] }
        let (index, build) = timed { CustomerSearchIndex(customers) }
        let (_, trigramBuild) = timed { index.prepareTrigrams() }
        let path = root.appendingPathComponent("scratch-search.sqlite").path
        let (db, peerBuild) = try timed { try SearchPeer.create(path: path, customers: customers) }
        defer {
            try? db.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        report.add(section, "index build: folded text (opening Customers)", ours: build,
                   "then the trigram index (on another thread at the first key typed): \(Report.f(trigramBuild)) ms, "
                       + "\((index.trigramIndexBytes ?? 0) / 1_000_000) MB, \((index.trigramIndexBytes ?? 0) / max(1, customers.count)) B a customer",
                   peer: peerBuild, "INSERT into an FTS5 trigram table + two relationship indexes + ANALYZE, one transaction")

        for query in Self.searchQueries {
            var ours: [Double] = [], peer: [Double] = []
            var ourCount = 0, peerCount = 0
            for _ in 0..<max(5, options.runs) {
                let (found, t) = timed { index.positions(matching: query, method: .cheapest) }
                ours.append(t)
                ourCount = found.count
                let (rows, p) = try timed { try SearchPeer.search(db, query) }
                peer.append(p)
                peerCount = rows.count
            }
            report.add(section, "text search \"\(query)\"", Samples(ours), key: "search.text.\(query)",
                       detail: "\(ourCount) found (accents, case and width folded); " + Report.spread(Samples(ours)),
                       peer: Samples(peer), peerKey: "search.peer.fts5.\(query)",
                       peerDetail: "\(peerCount) found; " + (query.count >= 3 ? "MATCH on the trigram index" : "LIKE: fewer than 3 characters, FTS5 scans"),
                       goal: "5× faster")
        }

        let me = try provider(model)
        let resellers = model.partneredResellers(of: me).prefix(20)
        var ours: [Double] = [], peer: [Double] = []
        var ourRows = 0, peerRows = 0
        for reseller in resellers {
            let (positions, t) = timed { index.positions(of: model.sharedCustomerIds(me, reseller.id)) }
            ours.append(t)
            ourRows += positions.count
            let (rows, p) = try timed { try SearchPeer.shared(db, me, reseller.id) }
            peer.append(p)
            peerRows += rows
        }
        report.add(section, "reseller filter (customers shared with one reseller, in display order)", Samples(ours),
                   key: "search.resellerFilter",
                   detail: "\(resellers.count) resellers, \(ourRows) rows in all; " + Report.spread(Samples(ours)),
                   peer: Samples(peer), peerKey: "search.peer.resellerFilter",
                   peerDetail: "\(peerRows) rows; self-join on (partner, customer) and (customer, partner) indexes, ORDER BY name")
    }

    private func provider(_ model: PartnerModel) throws -> AccountID {
        guard let user = model.user(principal: Self.signIn) else { throw Spawn.Failure(description: "no ana") }
        return user.accountId
    }
}

/// The search peer's own database: the four searched fields and the relationships.
enum SearchPeer {
    static let schema = """
        CREATE TABLE customers (
            idHigh INTEGER NOT NULL, idLow INTEGER NOT NULL, companyName TEXT NOT NULL, domain TEXT NOT NULL,
            contact TEXT NOT NULL, email TEXT NOT NULL, PRIMARY KEY (idHigh, idLow));
        CREATE TABLE customerRelationships (
            customerHigh INTEGER NOT NULL, customerLow INTEGER NOT NULL,
            partnerHigh INTEGER NOT NULL, partnerLow INTEGER NOT NULL);
        CREATE INDEX relationshipsByPartner ON customerRelationships (partnerHigh, partnerLow, customerHigh, customerLow);
        CREATE INDEX relationshipsByCustomer ON customerRelationships (customerHigh, customerLow, partnerHigh, partnerLow);
        CREATE VIRTUAL TABLE customerSearch USING fts5(companyName, domain, contact, email, tokenize = 'trigram');
        """

    static func create(path: String, customers: [Customer]) throws -> DatabaseQueue {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let db = try Peer.open(path)
        try db.write { db in
            try db.execute(sql: schema)
            let customer = try db.makeStatement(sql: "INSERT INTO customers VALUES (?,?,?,?,?,?)")
            let text = try db.makeStatement(sql: "INSERT INTO customerSearch (rowid, companyName, domain, contact, email) VALUES (?,?,?,?,?)")
            let relationship = try db.makeStatement(sql: "INSERT INTO customerRelationships VALUES (?,?,?,?)")
            for c in customers {
                let contact = c.billingProfile.firstName + " " + c.billingProfile.lastName
                customer.setUncheckedArguments([Peer.i(c.id.high), Peer.i(c.id.low), c.companyProfile.companyName,
                                                c.companyProfile.domain, contact, c.billingProfile.email])
                try customer.execute()
                text.setUncheckedArguments([db.lastInsertedRowID, c.companyProfile.companyName, c.companyProfile.domain,
                                            contact, c.billingProfile.email])
                try text.execute()
                for r in c.relationships {
                    relationship.setUncheckedArguments([Peer.i(c.id.high), Peer.i(c.id.low), Peer.i(r.partnerId.high), Peer.i(r.partnerId.low)])
                    try relationship.execute()
                }
            }
            // As a careful DBA would: statistics, so the planner starts the self-join from
            // the reseller's few rows rather than the provider's many.
            try db.execute(sql: "ANALYZE")
        }
        return db
    }

    /// The customers' row ids whose fields contain `query`: through the trigram index for
    /// three characters or more, else by LIKE (which FTS5 answers by scanning).
    static func search(_ db: DatabaseQueue, _ query: String) throws -> [Int64] {
        try db.read { db in
            if query.count >= 3 {
                let phrase = "\"" + query.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                return try Int64.fetchAll(db, sql: "SELECT rowid FROM customerSearch WHERE customerSearch MATCH ?", arguments: [phrase])
            }
            let pattern = "%" + query + "%"
            return try Int64.fetchAll(db, sql: """
                SELECT rowid FROM customerSearch
                WHERE companyName LIKE ?1 OR domain LIKE ?1 OR contact LIKE ?1 OR email LIKE ?1
                """, arguments: [pattern])
        }
    }

    /// How many customers `a` and `b` share, fetched in name order.
    static func shared(_ db: DatabaseQueue, _ a: AccountID, _ b: AccountID) throws -> Int {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.idHigh, c.idLow FROM customerRelationships r
                JOIN customerRelationships s ON s.customerHigh = r.customerHigh AND s.customerLow = r.customerLow
                    AND s.partnerHigh = ? AND s.partnerLow = ?
                JOIN customers c ON c.idHigh = r.customerHigh AND c.idLow = r.customerLow
                WHERE r.partnerHigh = ? AND r.partnerLow = ?
                ORDER BY c.companyName
                """, arguments: [Peer.i(b.high), Peer.i(b.low), Peer.i(a.high), Peer.i(a.low)]).count
        }
    }
}
