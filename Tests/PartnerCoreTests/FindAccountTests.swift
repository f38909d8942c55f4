import Foundation
import Testing
@testable import PartnerCore

/// `findAccount` looks an MPN ID, a domain or a legal name up in `accountLookup` instead of
/// comparing every account; it must answer exactly as that comparison did, refusals and
/// their wording included, also after accounts change.
struct FindAccountTests {
    /// The comparison the lookup replaced, as it was.
    static func plainFind(_ model: PartnerModel, _ text: String, kind: PartnerAccount.Kind?) throws(DomainError) -> PartnerAccount {
        let query = text.trimmingCharacters(in: .whitespaces)
        let candidates = model.accounts.values.filter { kind == nil || $0.kind == kind }
        let what = kind.map { "an \($0.label)" } ?? "an account"
        if let id = Ident(query) {
            guard let account = candidates.first(where: { $0.id == id }) else {
                throw DomainError(.notFound, field: "account", "no \(what) with the id \(id)")
            }
            return account
        }
        let lowered = query.lowercased()
        let exact = candidates.filter {
            $0.mpnId == query || $0.tenantDomain.lowercased() == lowered
                || $0.tenantDomain.lowercased() == Validate.tenantDomain(prefix: lowered)
                || $0.legalName.lowercased() == lowered
        }
        return try model.unique(exact.isEmpty ? candidates.filter { $0.legalName.lowercased().contains(lowered) } : exact,
                                query: query, field: "account", what: what, name: \.legalName)
    }

    static func answer(_ find: () throws(DomainError) -> PartnerAccount) -> String {
        do { return try find().id.description } catch { return "\(error)" }
    }

    /// What people type: each account's id, MPN ID, domain and its prefix, name in three
    /// cases and a part of it, and texts that match nothing or many.
    static func queries(_ model: PartnerModel) -> [String] {
        model.accounts.values.flatMap { a in
            [a.id.description, a.mpnId, a.tenantDomain.uppercased(), String(a.tenantDomain.prefix { $0 != "." }),
             a.legalName, a.legalName.uppercased(), " \(a.legalName.lowercased()) ", String(a.legalName.prefix(4))]
        } + ["", "nobody", "o", "Cloud", "\u{212A}", Ident(high: 9, low: 9).description]
    }

    static func expectSameAnswers(_ model: PartnerModel, _ what: String) {
        for query in queries(model) {
            for kind in [nil] + PartnerAccount.Kind.allCases {
                #expect(answer { () throws(DomainError) in try model.findAccount(query, kind: kind) }
                        == answer { () throws(DomainError) in try plainFind(model, query, kind: kind) }, "\(what): \(query) as \(String(describing: kind))")
            }
        }
    }

    @Test func theLookupAnswersAsComparingEveryAccountDid() throws {
        var w = try World.standard()
        Self.expectSameAnswers(w.model, "as built")
        // Renamed, and an account whose name another one has: both are found by it, or neither.
        for (index, id) in w.model.accounts.keys.sorted(by: { $0.description < $1.description }).enumerated() {
            var account = try #require(w.model.accounts[id])
            account.legalName = index % 2 == 0 ? "Twin Name" : account.legalName + " Renamed"
            w.model.apply(.accountUpdated(account))
        }
        Self.expectSameAnswers(w.model, "after renames")
        #expect(w.model.invariantViolations().isEmpty, "\(w.model.invariantViolations())")
    }
}
