/// Turns what a terminal sends into `KeyEvent`s, gathering a bracketed paste into one
/// `.paste` (a terminal adapter feeds it; pure, so tests feed it byte by byte).
///
/// - Outside a paste, characters are keys (`KeyEvent(terminalCharacter:)`); an Esc that
///   may begin a marker is held until the marker completes or fails, or until the input
///   pauses (`inputPaused()`: nothing more is waiting), so a lone Esc is never late.
/// - Inside a paste every character is text, Esc and `q` included, until the end marker.
///   A start marker inside a paste is dropped (terminals do not nest them); a stray end
///   marker outside one is dropped too; a marker cut short (`ESC[201x`) is text.
/// - A paste whose end never comes ends when the input stays quiet (`pasteTimedOut()`,
///   the adapter decides how long), with what arrived: keys typed later are keys again.
public struct InputDecoder: Sendable {
    /// One unit of terminal input: a character as the terminal sent it, or a key the
    /// terminal library already decoded (an arrow, a resize).
    public enum Input: Hashable, Sendable {
        case character(Unicode.Scalar)
        case key(KeyEvent)
    }

    public private(set) var isInPaste = false
    /// A prefix of a marker, not yet known to be one.
    private var held: [Unicode.Scalar] = []
    private var pasted = String.UnicodeScalarView()

    public init() {}

    /// The keys `input` completes, in order (often none while a marker or paste is open).
    public mutating func feed(_ input: Input) -> [KeyEvent] {
        var keys: [KeyEvent] = []
        switch input {
        case .key(let key):
            // Only a resize reaches us inside a paste (the adapter reads raw characters
            // there); it is not text, and the paste goes on after it.
            if !isInPaste { release(into: &keys) }
            keys.append(key)
        case .character(let scalar):
            take(scalar, into: &keys)
        }
        return keys
    }

    /// Feeds every character of `text`, as one read from the terminal.
    public mutating func feed(_ text: String) -> [KeyEvent] {
        var keys: [KeyEvent] = []
        for scalar in text.unicodeScalars { keys += feed(.character(scalar)) }
        return keys
    }

    /// Nothing more is waiting to be read. Outside a paste, what was held as the start of a
    /// marker was keys after all (the user pressed Esc); inside one, the paste goes on.
    public mutating func inputPaused() -> [KeyEvent] {
        guard !isInPaste else { return [] }
        var keys: [KeyEvent] = []
        release(into: &keys)
        return keys
    }

    /// The end marker never came: the paste ends with what arrived.
    public mutating func pasteTimedOut() -> [KeyEvent] {
        guard isInPaste else { return inputPaused() }
        pasted.append(contentsOf: held)
        held = []
        return [finishPaste()]
    }

    private mutating func take(_ scalar: Unicode.Scalar, into keys: inout [KeyEvent]) {
        if held.isEmpty && scalar != BracketedPaste.start[0] {
            if isInPaste { pasted.append(scalar) } else { keys += KeyEvent(terminalCharacter: scalar).map { [$0] } ?? [] }
            return
        }
        held.append(scalar)
        if held == BracketedPaste.start {
            // A nested start is no text either.
            held = []
            isInPaste = true
        } else if held == BracketedPaste.end {
            held = []
            if isInPaste { keys.append(finishPaste()) }
        } else if !Self.isMarkerPrefix(held) {
            // Not a marker: what was held is ordinary input, and the last character may
            // begin a marker of its own (markers start with Esc and hold no other).
            held.removeLast()
            release(into: &keys)
            take(scalar, into: &keys)
        }
    }

    /// Hands on what was held: text inside a paste, keys outside.
    private mutating func release(into keys: inout [KeyEvent]) {
        if isInPaste {
            pasted.append(contentsOf: held)
        } else {
            keys += held.compactMap(KeyEvent.init(terminalCharacter:))
        }
        held = []
    }

    private mutating func finishPaste() -> KeyEvent {
        isInPaste = false
        defer { pasted = String.UnicodeScalarView() }
        return .paste(String(pasted))
    }

    private static func isMarkerPrefix(_ scalars: [Unicode.Scalar]) -> Bool {
        BracketedPaste.start.starts(with: scalars) || BracketedPaste.end.starts(with: scalars)
    }
}
