/// What a piece of text is, so a colour terminal can tint it. Every role is also
/// drawn with attributes that make sense alone, so dropping colour loses nothing.
public enum ColorRole: UInt8, CaseIterable, Hashable, Sendable {
    case normal
    case accent
    case muted
    case positive
    case warning
    case danger
}
