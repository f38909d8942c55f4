import Foundation

/// Whether the terminal is known to put OSC 52 text on the clipboard. The sequence
/// cannot report failure and many terminals drop it without a sign (tmux unless
/// `set-clipboard on`, GNU screen, xterm without allowWindowOps, iTerm2 until allowed,
/// terminals built on VTE), so the dashboard says "copied" only for the ones that
/// accept it as they ship.
public enum ClipboardSupport: Hashable, Sendable {
    /// Accepts OSC 52 as it ships; the terminal's name.
    case osc52(String)
    /// May ignore it: the message then says how else to get the text.
    case unknown

    /// From the variables a terminal sets for the programs in it. A multiplexer hides
    /// the terminal around it (and keeps what it found when it started), so inside
    /// tmux or screen it is unknown.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> ClipboardSupport {
        func has(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        if has("TMUX") || has("STY") { return .unknown }
        let term = environment["TERM"] ?? ""
        let program = environment["TERM_PROGRAM"] ?? ""
        if term == "xterm-kitty" || has("KITTY_WINDOW_ID") { return .osc52("kitty") }
        if program == "WezTerm" || has("WEZTERM_PANE") { return .osc52("WezTerm") }
        if term == "xterm-ghostty" || program == "ghostty" { return .osc52("Ghostty") }
        if term == "alacritty" || has("ALACRITTY_WINDOW_ID") { return .osc52("Alacritty") }
        if term.hasPrefix("foot") { return .osc52("foot") }
        if has("WT_SESSION") { return .osc52("Windows Terminal") }
        return .unknown
    }
}
