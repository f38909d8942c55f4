/// The two answers of a confirm dialog: the safe one (focused first, and Esc) and the
/// one that does what was asked.
public enum ConfirmChoice: Hashable, Sendable {
    case keep, proceed
}

/// The buttons' labels of a confirm dialog (`ScreenAction.confirm`): "Keep it" and
/// "Withdraw", "Keep editing" and "Discard".
public struct ConfirmChoices: Hashable, Sendable {
    /// The safe answer: focused when the dialog opens, and what Esc answers.
    public var keep: String
    /// The answer that runs the dialog's `then`.
    public var proceed: String

    public init(keep: String, proceed: String) { (self.keep, self.proceed) = (keep, proceed) }

    /// "Discard changes?" and the wizards' "Cancel …?".
    public static let discard = ConfirmChoices(keep: "Keep editing", proceed: "Discard")

    var buttons: [Button<ConfirmChoice>] { [Button(.keep, keep), Button(.proceed, proceed)] }
}
