import PartnerConfig
import PartnerCore
import PartnerDashboard
import TerminalKit
import Testing

/// The configuration file: every setting read with its line, and each kind of mistake
/// refused with one message naming the line, the field and the rule.
@MainActor
@Suite struct ConfigFileTests {
    static let file = "/home/ana/.config/partnerdash/config.toml"

    func parse(_ text: String) throws(ConfigError) -> Configuration {
        try ConfigFile.parse(text, file: Self.file, catalog: DashboardKeys.catalog)
    }

    func mistake(_ text: String) throws -> ConfigError {
        do {
            _ = try parse(text)
        } catch {
            return error
        }
        Issue.record("accepted: \(text)")
        throw CancellationError()
    }

    @Test func everySettingIsReadWithItsLine() throws {
        let configuration = try parse("""
            # the defaults for this machine
            data = "~/partners"
            as = "ana"
            invitation_expiry_days = 14
            theme = "colorblind"

            [keys]
            preset = "vim"
            customers.export = "x"
            "list.down" = ["Down", "Ctrl-N"]
            """)
        #expect(configuration.workspace?.value == "~/partners")
        #expect(configuration.workspace?.source == .file(line: 2))
        #expect(configuration.user?.value == "ana")
        #expect(configuration.invitationExpiry.value.days == 14)
        #expect(configuration.invitationExpiry.source == .file(line: 4))
        #expect(configuration.theme.value == .colorblind)
        #expect(configuration.keyPreset?.value == "vim")
        #expect(configuration.keys.keys["customers.export"] == [.character("x")])
        #expect(configuration.keys.keys["list.down"] == [.down, .ctrl("n")])
        #expect(configuration.keys.keys["list.pageDown"] == [.pageDown, .ctrl("f"), .ctrl("d")], "the preset's")
    }

    @Test func anEmptyFileIsTheDefaults() throws {
        let configuration = try parse("")
        #expect(configuration.workspace == nil && configuration.user == nil)
        #expect(configuration.invitationExpiry.value == .standard && configuration.theme.value == .default)
        #expect(configuration.keys.isEmpty)
    }

    @Test func aSyntaxErrorNamesItsLineAndColumn() throws {
        let error = try mistake("""
            theme = "light"
            as = "ana
            """)
        #expect(error.line == 2)
        #expect(error.column != nil)
        #expect(error.field == "syntax")
        #expect(error.description.hasPrefix("\(Self.file):2:"), "\(error)")
    }

    @Test func aWrongTypeNamesTheLineAndTheTypeWanted() throws {
        let error = try mistake("""
            theme = "light"

            invitation_expiry_days = "ten"
            """)
        #expect(error.line == 3 && error.field == InvitationExpiry.field)
        #expect(error.message.contains("whole number of days") && error.message.contains("string"), "\(error)")
    }

    @Test func anUnknownSettingIsNamedWithTheOnesThereAre() throws {
        let error = try mistake("""
            as = "ana"
            colour = "blue"
            """)
        #expect(error.line == 2 && error.field == "colour")
        #expect(error.message.contains("is not a setting") && error.message.contains("theme"), "\(error)")
    }

    @Test func aThemeThatIsNotOneOfTheFourIsRefused() throws {
        let error = try mistake("theme = \"neon\"")
        #expect(error.line == 1 && error.field == "theme")
        #expect(error.message == "must be one of default, light, colorblind, monochrome, not \"neon\"")
    }

    @Test func anExpiryOutOfRangeIsRefusedByPartnerCoresRule() throws {
        for days in [0, 91, -3] {
            let error = try mistake("as = \"ana\"\ninvitation_expiry_days = \(days)")
            #expect(error.line == 2 && error.field == InvitationExpiry.field)
            #expect(error.message.contains("from 1 to 90") && error.message.contains("rule 7"), "\(error)")
        }
        #expect(try parse("invitation_expiry_days = 90").invitationExpiry.value.days == 90)
    }

    @Test func aKeyNameThatNamesNoKeyIsRefused() throws {
        let error = try mistake("""
            [keys]
            list.down = "Hyper-J"
            """)
        #expect(error.line == 2 && error.field == "keys.list.down")
        #expect(error.message.contains("\"Hyper-J\" is not a key name"), "\(error)")
    }

    @Test func anUnknownActionIsRefused() throws {
        let error = try mistake("""
            [keys]
            customers.explode = "x"
            """)
        #expect(error.line == 2 && error.field == "keys.customers.explode")
        #expect(error.message.contains("is not an action"), "\(error)")
    }

    @Test func aKeyBoundTwiceIsRefused() throws {
        let taken = try mistake("""
            [keys]
            # k moves up already
            list.down = "k"
            """)
        #expect(taken.line == 3 && taken.field == "keys.list.down")
        #expect(taken.message == "k is bound twice: list.up has it too", "\(taken)")
        let both = try mistake("""
            [keys]
            customers.export = "z"
            customers.pickReseller = "z"
            """)
        #expect(both.field.hasPrefix("keys.customers.") && both.message.contains("z is bound twice"), "\(both)")
    }

    @Test func aCharacterForATextFieldIsRefused() throws {
        let error = try mistake("""
            [keys]
            text-field.clearToEnd = "x"
            """)
        #expect(error.line == 2 && error.message.contains("would be typed"), "\(error)")
        #expect(try parse("[keys]\ntext-field.clearToEnd = \"Ctrl-X\"").keys.keys["text-field.clearToEnd"] == [.ctrl("x")])
    }

    @Test func anUnknownPresetIsRefused() throws {
        let error = try mistake("[keys]\npreset = \"emacs\"")
        #expect(error.line == 2 && error.field == "keys.preset" && error.message == "must be one of vim, not \"emacs\"")
    }

    @Test func theFileIsFoundByTheEnvironment() {
        #expect(ConfigFile.path(environment: ["HOME": "/home/ana"]) == "/home/ana/.config/partnerdash/config.toml")
        #expect(ConfigFile.path(environment: ["HOME": "/home/ana", "XDG_CONFIG_HOME": "/cfg"]) == "/cfg/partnerdash/config.toml")
        #expect(ConfigFile.path(environment: ["HOME": "/home/ana", "XDG_CONFIG_HOME": "relative"])
            == "/home/ana/.config/partnerdash/config.toml", "a relative XDG_CONFIG_HOME is ignored, as the spec says")
        #expect(ConfigFile.path(environment: ["HOME": "/home/ana", "XDG_CONFIG_HOME": "/cfg", "PARTNERDASH_CONFIG": "/tmp/x.toml"])
            == "/tmp/x.toml")
    }
}
