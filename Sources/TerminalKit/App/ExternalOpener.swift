/// Hands a URL (a `mailto:` draft) to a program of the user's desktop. The
/// dashboard never runs one itself: the session is given an opener, so tests
/// record what would have been opened.
@MainActor
public protocol ExternalOpener: AnyObject {
    func open(_ url: String) -> ExternalOpenOutcome
}

public enum ExternalOpenOutcome: Hashable, Sendable {
    /// Handed to this program (`xdg-open`, or `$BROWSER`'s).
    case opened(program: String)
    /// Nothing here can open it.
    case noProgram
    case failed(String)
}

/// The opener of a session nobody gave one: there is nothing to open with.
@MainActor
public final class NoExternalOpener: ExternalOpener {
    public init() {}
    public func open(_ url: String) -> ExternalOpenOutcome { .noProgram }
}
