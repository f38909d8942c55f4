import PartnerCore

/// Why the focused customer is in a filtered list when the text was found in a field its
/// row does not show: "matched: email ana@vista.example". Nothing when the name (always
/// shown) or a shown domain matched, so the note only appears where it explains something.
enum MatchNote {
    static func text(_ match: CustomerMatch?, domainShown: Bool) -> String? {
        guard let match else { return nil }
        switch match.field {
        case .name: return nil
        case .domain: return domainShown ? nil : "matched: domain " + match.value
        case .contact: return "matched: contact " + match.value
        case .email: return "matched: email " + match.value
        }
    }
}
