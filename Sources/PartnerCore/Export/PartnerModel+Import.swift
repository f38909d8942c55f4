import Foundation

/// What `partnerdash import` reads: the export's own CSV columns.
public enum ImportResource: String, CaseIterable, Sendable {
    case customers, subscriptions

    /// The columns a file may have, by name (any order; a missing one is read as empty).
    public var columns: [String] {
        switch self {
        case .customers: return CustomerColumn.allCases.map(\.rawValue)
        case .subscriptions: return SubscriptionColumn.allCases.map(\.rawValue)
        }
    }
}

/// A row of an import that is refused, with the file's line and the column at fault.
public struct ImportProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var field: String
    public var message: String
    public var rule: Int?

    public init(line: Int, field: String, message: String, rule: Int? = nil) {
        self.line = line
        self.field = field
        self.message = message
        self.rule = rule
    }

    /// `line 4: companyProfile.domain: alpineski.onmicrosoft.com is already taken`
    public var description: String { "line \(line): \(field): \(message)" + (rule.map { " [rule \($0)]" } ?? "") }
}

/// A whole import decided: the transactions of the rows that passed (each audited on its
/// own as `add_customer` or `create_order`, a reseller of record a subscription implies as
/// `create_customer_relationship`), journaled together as one record, and every row that did not.
public struct ImportDecision: Sendable {
    public var transactions: [Transaction]
    /// How many rows passed.
    public var imported: Int
    public var problems: [ImportProblem]
}


extension PartnerModel {
    /// Decides importing `text` (CSV with a header row) as `actor`. Every row is checked with
    /// the rules `customers add` and `orders add` use, against the model as it will be after
    /// the rows before it (so two rows cannot take one domain), before anything is written.
    public func decideImport(_ resource: ImportResource, csv text: String, as actor: Actor,
                             context: inout CommandContext) throws -> ImportDecision {
        let records: [CSVRecord]
        do {
            records = try CSV.read(text)
        } catch {
            throw ImportRefused(problems: [ImportProblem(line: error.line, field: "file", message: error.message)])
        }
        let header = try Self.importHeader(records.first, resource)
        let (user, provider) = try adminAgent(actor)
        guard provider.kind == .indirectProvider else {
            throw DomainError.forbidden("account", "only an indirect provider imports customers and subscriptions")
        }
        var model = self
        var decision = ImportDecision(transactions: [], imported: 0, problems: [])
        decision.transactions.reserveCapacity(records.count)
        for record in records.dropFirst() {
            let row = ImportRow(line: record.line, header: header, fields: record.fields)
            do {
                let transactions = try row.checkedWidth().decide(resource, in: model, user: user, provider: provider, context: &context)
                // One record: every row's audit record gets the record's sequence.
                model.apply(transactions, sequence: lastSequence + 1)
                decision.transactions += transactions
                decision.imported += 1
            } catch {
                decision.problems.append(ImportProblem(line: record.line, field: Self.column(of: error, resource),
                                                       message: error.message, rule: error.rule))
            }
        }
        return decision
    }

    /// The header's columns, every one the resource's and none twice.
    private static func importHeader(_ record: CSVRecord?, _ resource: ImportResource) throws -> [String] {
        guard let record, record.fields != [""] else {
            throw ImportRefused(problems: [ImportProblem(line: 1, field: "header", message:
                "the file has no header row; the first line names the columns (\(resource.columns.joined(separator: ",")))")])
        }
        let known = Set(resource.columns)
        var seen: Set<String> = []
        var problems: [ImportProblem] = []
        for name in record.fields {
            if !known.contains(name) {
                problems.append(ImportProblem(line: record.line, field: name, message:
                    "is not a column of \(resource.rawValue); the columns are \(resource.columns.joined(separator: ","))"))
            } else if !seen.insert(name).inserted {
                problems.append(ImportProblem(line: record.line, field: name, message: "is named twice in the header"))
            }
        }
        guard problems.isEmpty else { throw ImportRefused(problems: problems) }
        return record.fields
    }

    /// The column a refusal names: a customer field by its Partner Center name.
    private static func column(of error: DomainError, _ resource: ImportResource) -> String {
        switch error.fieldRef {
        case .customer(let field)?: return CustomerColumn(field).rawValue
        case .cartLine(_, let field)?: return field == .offerId ? SubscriptionColumn.offerId.rawValue : SubscriptionColumn.friendlyName.rawValue
        case .subscription(.friendlyName)?: return SubscriptionColumn.friendlyName.rawValue
        default: break
        }
        switch (resource, error.field) {
        case (.customers, "reseller"), (.customers, "associatedPartnerId"): return CustomerColumn.associatedPartnerId.rawValue
        case (.subscriptions, "customer"): return SubscriptionColumn.customerId.rawValue
        case (.subscriptions, "friendlyName"): return SubscriptionColumn.friendlyName.rawValue
        default: return error.field
        }
    }
}

extension CustomerColumn {
    /// The column that holds a New customer field.
    init(_ field: CustomerField) {
        switch field {
        case .companyName: self = .companyName
        case .domainPrefix: self = .domain
        case .firstName: self = .firstName
        case .lastName: self = .lastName
        case .email: self = .email
        case .phone: self = .phoneNumber
        case .line1: self = .addressLine1
        case .line2: self = .addressLine2
        case .city: self = .city
        case .state: self = .state
        case .postalCode: self = .postalCode
        case .country: self = .country
        case .culture: self = .culture
        case .language: self = .language
        }
    }
}

/// One data row of an import, its values by column name.
struct ImportRow {
    var line: Int
    var header: [String]
    var fields: [String]

    /// A record with more or fewer fields than the header is refused whole.
    func checkedWidth() throws(DomainError) -> ImportRow {
        guard fields.count == header.count else {
            throw .invalid("row", "has \(fields.count) field(s); the header names \(header.count)")
        }
        return self
    }

    /// The value of a column, a spreadsheet guard's apostrophe taken off; empty when the
    /// file has no such column.
    subscript(column: String) -> String {
        guard let i = header.firstIndex(of: column) else { return "" }
        return CSV.unguarded(fields[i])
    }

    subscript(column: CustomerColumn) -> String { self[column.rawValue] }
    subscript(column: SubscriptionColumn) -> String { self[column.rawValue] }

    func decide(_ resource: ImportResource, in model: PartnerModel, user: User, provider: PartnerAccount,
                context: inout CommandContext) throws(DomainError) -> [Transaction] {
        switch resource {
        case .customers: return try model.decideImportedCustomer(self, user: user, provider: provider, context: &context)
        case .subscriptions: return try model.decideImportedSubscription(self, user: user, provider: provider, context: &context)
        }
    }

    /// An id kept from the file, or a fresh one when the column is empty.
    func id(_ column: String, taken: (Ident) -> Bool, context: inout CommandContext) throws(DomainError) -> Ident {
        let text = self[column]
        if text.isEmpty { return context.fresh.id() }
        guard let id = Ident(text) else { throw .invalid(column, "must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)") }
        guard !taken(id) else { throw .conflict(column, "\(text) is already in the workspace") }
        return id
    }

    func date(_ column: SubscriptionColumn) throws(DomainError) -> Date {
        guard let date = ExportDate.date(self[column]) else {
            throw .invalid(column.rawValue, "must be a date in ISO 8601 UTC to the second, like 2026-01-05T10:00:00Z")
        }
        return date
    }

    /// A reseller named by its MPN ID; nil when the column is empty.
    func reseller(_ column: String, in model: PartnerModel) throws(DomainError) -> AccountID? {
        let mpn = self[column]
        if mpn.isEmpty { return nil }
        guard let id = model.accountByMpn[mpn] else { throw .notFound(column, "no partner has the MPN ID \(mpn)") }
        return id
    }
}

/// An import refused because of its rows: every bad row, and nothing was written.
public struct ImportRefused: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
