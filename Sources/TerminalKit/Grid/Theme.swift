/// How the roles look: which of the terminal's eight colours tints each, over the
/// terminal's own background, and which attributes a cell keeps. Every theme keeps the
/// attributes that carry meaning alone (`ColorRole`), so colour only ever adds.
public enum Theme: String, CaseIterable, Hashable, Sendable {
    /// Cyan, green, yellow and red, for a dark background.
    case `default`
    /// For a light background: yellow is unreadable on white, so warnings are magenta
    /// and the accent blue.
    case light
    /// Colour-blind safe: no red against green (the pair most people with a colour-vision
    /// deficiency confuse); good is blue, bad is magenta, warnings yellow.
    case colorblind
    /// No colour at all: roles are told apart by bold, underline and reverse only.
    case monochrome

    public var usesColor: Bool { self != .monochrome }

    /// The colour a role is drawn in; nil keeps the terminal's own foreground.
    public func color(for role: ColorRole) -> TerminalColor? {
        switch (self, role) {
        case (_, .normal), (_, .muted), (.monochrome, _): return nil
        case (.default, .accent), (.colorblind, .accent): return .cyan
        case (.default, .positive): return .green
        case (.default, .warning), (.colorblind, .warning): return .yellow
        case (.default, .danger), (.light, .danger): return .red
        case (.light, .accent): return .blue
        case (.light, .positive): return .green
        case (.light, .warning): return .magenta
        case (.colorblind, .positive): return .blue
        case (.colorblind, .danger): return .magenta
        }
    }

    /// The attributes a cell is drawn with. Monochrome keeps only bold, underline and
    /// reverse, and marks the roles colour would have told apart: the accent and
    /// warnings underlined, good news bold.
    public func attributes(for style: CellStyle) -> TextAttributes {
        guard self == .monochrome else { return style.attributes }
        var attributes = style.attributes.intersection([.bold, .underline, .reverse])
        switch style.role {
        case .normal, .muted: break
        case .accent, .warning: attributes.insert(.underline)
        case .positive: attributes.insert(.bold)
        case .danger: attributes.formUnion([.bold, .reverse])
        }
        return attributes
    }
}

/// The eight colours every colour terminal has, numbered as ncurses and ANSI number them.
public enum TerminalColor: Int16, CaseIterable, Hashable, Sendable {
    case black, red, green, yellow, blue, magenta, cyan, white
}
