import TerminalKit

/// Every key-action table the dashboard has, as the configuration's `[keys]` names them
/// (`customers.export`, `list.down`), and the ready vim-style preset.
public enum DashboardKeys {
    @MainActor
    public static var tables: [KeyTable] {
        [
            GlobalAction.keymap.table, MenuAction.keymap.table, ListAction.keymap.table, ListAction.keymapWithoutLetters.table,
            FilterBar.keymap.table, HelpOverlay.keymap.table, ActionRow.keymap.table, TypeAhead.keymap.table,
            TextField.keymap.table, TextArea.keymap.table, Checkbox.keymap.table, ChoiceField.keymap.table,
            Form<String>.keymap.table, Dialog<ConfirmChoice>.keymap.table, Button<Int>.keymap.table,
            HomeScreen.keymap.table, SignInScreen.keymap.table, NewAccountScreen.keymap.table,
            EnrollmentScreen.profileKeymap.table, IndirectResellersScreen.keymap.table, IndirectResellersScreen.openKeys.table,
            ResellerScreen.openKeys.table, CustomersScreen.keymap.table, ResellerPicker.keymap.table,
            SubscriptionDetailScreen.keymap.table, EndingSoonScreen.keymap.table, ActivityLogScreen.keymap.table,
            ActivityLogScreen.pickerKeymap.table, JumpScreen.keymap.table, InvitationsScreen.keymap.table,
            IndirectProvidersScreen.keymap.table, FindProviderScreen.keymap.table, DraftEmailScreen.keymap.table,
            AccountSettingsScreen.keymap.table, UserManagementScreen.keymap.table, ProviderListingScreen.keymap.table,
            NewCustomerScreen.keymap.table, NewCustomerConfirmationScreen.keymap.table, NewSubscriptionScreen.keymap.table,
            OfferPicker.keymap.table, OfferPicker.tabKeys.table, OfferPicker.arrowKeys.table, OrderReviewScreen.keymap.table,
        ]
    }

    /// `keys.preset = "vim"`: h j k l, g G and / already work everywhere a list does; the
    /// preset adds what a vim user reaches for next. Ctrl-F / Ctrl-B (and Ctrl-D) page,
    /// and l opens the row on the list pages where only Enter did. Only keys that are not
    /// characters go to tables beside a text input, so typing in forms is untouched.
    public static let vimPreset: [KeyAssignment] = [
        KeyAssignment(action: "list.pageDown", keys: ["PgDn", "Ctrl-F", "Ctrl-D"], line: nil),
        KeyAssignment(action: "list.pageUp", keys: ["PgUp", "Ctrl-B"], line: nil),
        KeyAssignment(action: "indirect-resellers.open", keys: ["Enter", "l"], line: nil),
        KeyAssignment(action: "ending-within-30-days.open", keys: ["Enter", "l"], line: nil),
        KeyAssignment(action: "account-settings.open", keys: ["Enter", "l"], line: nil),
    ]

    /// The tables and the presets by the name the configuration gives them.
    @MainActor
    public static var catalog: KeyCatalog { KeyCatalog(tables: tables, presets: ["vim": vimPreset]) }
}
