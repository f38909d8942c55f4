/// Chooses between a text's forms by the room there is: a catalog's full name where
/// it fits, its short name where the full one would be cut (three plans that all read
/// `Microsoft 365 Business …` cannot be told apart). Every screen asks this one
/// function, so they agree on when the short form shows.
public enum Fitting {
    /// `full` when it fits in `width` columns, else `short` (which whoever draws it
    /// still cuts with `…` if even that is too wide).
    public static func text(_ full: String, short: String?, width: Int) -> String {
        guard let short, DisplayText.width(of: full) > width else { return full }
        return short
    }
}
