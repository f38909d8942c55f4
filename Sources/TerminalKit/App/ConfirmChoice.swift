/// The answers of the app's own "discard changes?" dialog.
public enum ConfirmChoice: Hashable, Sendable {
    case discard, keepEditing
}
