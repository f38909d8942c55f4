/// Whether character keys are commands or text. In `.text` the global
/// character keys (`q`, `?`, `:`) stand down so they type themselves.
public enum InputMode: Hashable, Sendable {
    case navigation
    case text
}
