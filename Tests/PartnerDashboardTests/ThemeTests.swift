import TerminalKit
@testable import TerminalNcurses
import Testing

/// The configuration's themes, as the ncurses palette draws them.
@Suite struct ThemeTests {
    static let styles: [CellStyle] = [.plain, .bold, .reverse, .underline, .dim, .selected, .title, .warning, .danger]
        + ColorRole.allCases.map { CellStyle([.dim, .bold], role: $0) }

    @Test func monochromeDefinesNoColourPairAndUsesOnlyBoldUnderlineAndReverse() {
        let palette = NcursesPalette(theme: .monochrome)
        #expect(palette.pairs.isEmpty)
        for role in ColorRole.allCases { #expect(palette.pair(for: role) == 0) }
        for style in Self.styles {
            #expect(Theme.monochrome.attributes(for: style).isSubset(of: [.bold, .underline, .reverse]), "\(style)")
        }
    }

    @Test func monochromeStillTellsTheRolesApart() {
        let looks = [ColorRole.normal, .accent, .positive, .danger].map { Theme.monochrome.attributes(for: CellStyle(role: $0)) }
        #expect(Set(looks).count == looks.count, "\(looks)")
    }

    @Test(arguments: [Theme.default, .light, .colorblind])
    func everyColourThemeTintsTheRolesThatMeanSomething(theme: Theme) {
        let palette = NcursesPalette(theme: theme)
        #expect(palette.pairs.count == 4)
        for role: ColorRole in [.accent, .positive, .warning, .danger] {
            #expect(palette.pair(for: role) == Int32(role.rawValue))
        }
        #expect(palette.pair(for: .normal) == 0 && palette.pair(for: .muted) == 0)
        for style in Self.styles { #expect(theme.attributes(for: style) == style.attributes, "colour themes keep the attributes") }
    }

    @Test func theLightThemeAvoidsYellowAndTheColourBlindOneRedAgainstGreen() {
        let light = ColorRole.allCases.compactMap { Theme.light.color(for: $0) }
        #expect(!light.contains(.yellow))
        let colorblind = ColorRole.allCases.compactMap { Theme.colorblind.color(for: $0) }
        #expect(!(colorblind.contains(.red) && colorblind.contains(.green)))
        #expect(Set(colorblind).count == colorblind.count, "each role its own colour")
    }
}
