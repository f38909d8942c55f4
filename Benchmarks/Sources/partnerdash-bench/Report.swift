import Foundation

/// One figure of the table: what, ours, the peer's (when there is one), and their ratio.
struct Figure: Encodable {
    var section: String
    var what: String
    var unit: String
    var ours: Double
    var oursDetail: String
    var peer: Double?
    var peerDetail: String?
    /// ours / peer: below 1 means ours is smaller (faster, lighter).
    var ratio: Double? { peer.flatMap { $0 > 0 ? ours / $0 : nil } }
    var goal: String?

    enum CodingKeys: String, CodingKey { case section, what, unit, ours, oursDetail, peer, peerDetail, ratio, goal }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(section, forKey: .section)
        try c.encode(what, forKey: .what)
        try c.encode(unit, forKey: .unit)
        try c.encode(ours, forKey: .ours)
        try c.encode(oursDetail, forKey: .oursDetail)
        try c.encodeIfPresent(peer, forKey: .peer)
        try c.encodeIfPresent(peerDetail, forKey: .peerDetail)
        try c.encodeIfPresent(ratio, forKey: .ratio)
        try c.encodeIfPresent(goal, forKey: .goal)
    }
}

/// Everything a run found, printed as a table and optionally written as JSON.
struct Report: Encodable {
    var startedAt: String
    var loadAverageAtStart: String
    var loadAverageAtEnd = ""
    var cores: Int
    var customers: Int
    var resellers: Int
    var subscriptions = 0
    var runs: Int
    var peerRuns: Int
    var peer = "SQLite \(PeerInfo.sqliteVersion) via GRDB.swift 7.x (WAL, synchronous = FULL)"
    /// How this program was built: a debug build (`scripts/bench --smoke`, CI's run) proves
    /// that every part runs; its figures say nothing about speed.
    var build = Report.build
    #if DEBUG
    static let buildKind = "debug"
    static let build = "debug (scripts/bench --smoke: these figures show that every part runs, not how fast it is)"
    #else
    static let buildKind = "release"
    static let build = "release"
    #endif
    var notes: [String] = []
    var rows: [Figure] = []
    var samples: [String: Samples] = [:]

    mutating func add(_ section: String, _ what: String, unit: String = "ms", ours: Double, _ oursDetail: String = "",
                      peer: Double? = nil, _ peerDetail: String? = nil, goal: String? = nil) {
        rows.append(Figure(section: section, what: what, unit: unit, ours: ours, oursDetail: oursDetail, peer: peer,
                        peerDetail: peerDetail, goal: goal))
    }

    /// A figure with its spread: median, and the detail says p95 / max.
    mutating func add(_ section: String, _ what: String, _ s: Samples, key: String, detail: String? = nil,
                      peer: Samples? = nil, peerKey: String? = nil, peerDetail: String? = nil, goal: String? = nil) {
        samples[key] = s
        if let peer, let peerKey { samples[peerKey] = peer }
        add(section, what, ours: s.median, detail ?? Report.spread(s), peer: peer?.median,
            peer.map { peerDetail ?? Report.spread($0) }, goal: goal)
    }

    static func spread(_ s: Samples) -> String {
        s.count <= 1 ? "n=1" : "n=\(s.count), min \(f(s.min)), max \(f(s.max))"
    }

    static func f(_ v: Double) -> String {
        if v.isNaN { return "—" }
        if abs(v) >= 100 { return String(format: "%.0f", v) }
        if abs(v) >= 10 { return String(format: "%.1f", v) }
        if abs(v) >= 1 { return String(format: "%.2f", v) }
        return String(format: "%.3f", v)
    }

    func printTable() {
        print("")
        print("partnerdash-bench — \(customers) customers, \(resellers) resellers, \(subscriptions) subscriptions; \(runs) runs (peer: \(peerRuns))")
        print("machine: \(cores) cores; load average at start \(loadAverageAtStart), at end \(loadAverageAtEnd)")
        print("build: \(build)")
        print("peer: \(peer)")
        print("figures are medians over the runs unless the detail says otherwise; ratio = ours / peer (below 1: ours is faster or smaller)")
        var section = ""
        let w0 = max(44, rows.map { $0.what.count }.max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        print("")
        print(pad("what", w0) + " " + lpad("ours", 10) + " " + pad("unit", 6) + lpad("peer", 10) + lpad("ratio", 8) + "  goal / detail")
        print(String(repeating: "─", count: w0 + 60))
        for row in rows {
            if row.section != section {
                section = row.section
                print("")
                print("[\(section)]")
            }
            let ratio = row.ratio.map { String(format: "%.3g", $0) } ?? ""
            var detail = row.goal.map { "goal \($0); " } ?? ""
            detail += row.oursDetail
            if let pd = row.peerDetail, !pd.isEmpty { detail += (detail.isEmpty ? "" : "; ") + "peer: " + pd }
            print(pad(row.what, w0) + " " + lpad(Report.f(row.ours), 10) + " " + pad(row.unit, 6)
                + lpad(row.peer.map(Report.f) ?? "", 10) + lpad(ratio, 8) + "  " + detail)
        }
        if !notes.isEmpty {
            print("")
            for note in notes { print("note: " + note) }
        }
    }

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}
