/// The email rule (`Validate.email`): exactly one RFC 5322 addr-spec, `local@domain`, in
/// its dot-atom form. Everything else RFC 5322 lets an address field hold (lists, groups,
/// display names, angle brackets, comments, quoted strings, domain literals) is refused
/// with what it is, because a value stored as one address must stay one address for the
/// mail system, the CSV export and whoever reads them.
enum EmailAddress {
    static func problem(_ value: String) -> String? {
        guard value.unicodeScalars.allSatisfy(\.isASCII) else {
            return "must be an ASCII email address like name@example.com (internationalized addresses are not accepted)"
        }
        let bytes = Set(value.utf8)
        if let construct = constructs.first(where: { !$0.marks.isDisjoint(with: bytes) }) { return construct.problem }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "must be an email address like name@example.com, with one @" }
        return localPartProblem(parts[0]) ?? domainProblem(parts[1])
    }

    /// What RFC 5322 lets an address field hold besides one addr-spec, by the characters
    /// that mark it, most telling first (a group's list, a display name's quoted words).
    private static let constructs: [(marks: Set<UInt8>, problem: String)] = [
        (Set(":".utf8), "must be one email address, not a group"),
        (Set("<>".utf8), "must be the address alone, without a display name or angle brackets"),
        (Set("()".utf8), "must be the address alone, without a comment"),
        (Set("\"\\".utf8), "must not quote its local part (before the @)"),
        (Set(",;".utf8), "must be one email address, not a list"),
        (Set("[]".utf8), "must name a domain after the @, not an address literal"),
        (Set((0...0x20).map(UInt8.init) + [0x7F]), "must be an email address like name@example.com, without spaces or control characters"),
    ]

    /// RFC 5322 `atext`: what a dot-atom's atoms are made of.
    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)

    /// A dot-atom of at most 64 characters (RFC 5321's limit for the local part).
    private static func localPartProblem(_ local: Substring) -> String? {
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard !local.isEmpty, local.utf8.count <= 64,
              atoms.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(atext.contains) }) else {
            return "must be an email address like name@example.com: before the @, at most 64 letters, digits "
                + "or !#$%&'*+-/=?^_`{|}~, dots only between them"
        }
        return nil
    }

    /// A host name: two or more labels of letters, digits and inner hyphens, each at most
    /// 63 characters, 253 in all.
    private static func domainProblem(_ domain: Substring) -> String? {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let hostName = labels.count >= 2 && domain.utf8.count <= 253 && labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { $0 == UInt8(ascii: "-") || isLetterOrDigit($0) }
        }
        return hostName ? nil : "must be an email address like name@example.com, with a domain such as example.com after the @"
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
