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
        if let construct = value.utf8.lazy.compactMap(notAnAddrSpec).first { return construct }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "must be one email address like name@example.com, with one @" }
        return localPartProblem(parts[0]) ?? domainProblem(parts[1])
    }

    /// What a character outside an addr-spec's dot-atoms and `@` makes of the value.
    private static func notAnAddrSpec(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: ";"): return "must be one email address, not a list"
        case UInt8(ascii: ":"): return "must be one email address, not a group"
        case UInt8(ascii: "<"), UInt8(ascii: ">"): return "must be the address alone, without a display name or angle brackets"
        case UInt8(ascii: "("), UInt8(ascii: ")"): return "must be the address alone, without a comment"
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): return "must not quote its local part (before the @)"
        case UInt8(ascii: "["), UInt8(ascii: "]"): return "must name a domain after the @, not an address literal"
        case 0...0x20, 0x7F: return "must be an email address like name@example.com, without spaces or control characters"
        default: return nil
        }
    }

    /// RFC 5322 `atext`: what a dot-atom's atoms are made of.
    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)

    /// A dot-atom of at most 64 characters (RFC 5321's limit for the local part).
    private static func localPartProblem(_ local: Substring) -> String? {
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard !local.isEmpty, local.utf8.count <= 64,
              atoms.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(atext.contains) }) else {
            return "must have a name of at most 64 letters, digits or !#$%&'*+-/=?^_`{|}~ before the @, "
                + "dots only between them, as in first.last@example.com"
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
        return hostName ? nil : "must have a domain such as example.com after the @"
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
