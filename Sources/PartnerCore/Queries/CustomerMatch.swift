/// Which of the fields the Customers filter searches a query was found in, so a list
/// that does not show that field can say why the row is there ("matched: email …").
public struct CustomerMatch: Equatable, Sendable {
    public enum Field: String, Sendable, CaseIterable {
        case name, domain, contact, email
    }

    public var field: Field
    /// The field's value as stored (to be sanitised by whoever shows it).
    public var value: String
}

extension Customer {
    /// The first field, in the filter's order (name, domain, contact, email), that
    /// `query` matches by the filter's rule (`NameSearch.matches`); nil for an empty
    /// query or none.
    public func filterMatch(_ query: String) -> CustomerMatch? {
        guard !CustomerSearchIndex.fold(query).isEmpty else { return nil }
        // The contact as the index holds it: first and last name as typed.
        let fields: [(CustomerMatch.Field, String)] = [
            (.name, text(.companyName)), (.domain, text(.domain)),
            (.contact, text(.firstName) + " " + text(.lastName)), (.email, text(.email)),
        ]
        return fields.first { NameSearch.matches(query, $0.1) }.map { CustomerMatch(field: $0.0, value: $0.1) }
    }
}
