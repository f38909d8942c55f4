public enum HorizontalAlignment: Sendable, Hashable {
    case leading
    case trailing
    case center
}
