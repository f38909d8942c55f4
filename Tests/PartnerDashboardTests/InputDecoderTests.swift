import TerminalKit
import Testing

/// Bracketed paste decoding (docs/TUI.md › Paste): what a terminal sends, read by read.
@Suite struct InputDecoderTests {
    private let start = "\u{1B}[200~", end = "\u{1B}[201~"

    /// Feeds each string as one read, the input pausing after each, as an adapter does.
    private func decode(_ reads: [String]) -> (keys: [KeyEvent], decoder: InputDecoder) {
        var decoder = InputDecoder()
        var keys: [KeyEvent] = []
        for read in reads { keys += decoder.feed(read) + decoder.inputPaused() }
        return (keys, decoder)
    }

    @Test func aPasteIsOneEventAndTypingAroundItStaysKeys() {
        let (keys, decoder) = decode(["a" + start + "hello world" + end + "b"])
        #expect(keys == [.character("a"), .paste("hello world"), .character("b")])
        #expect(!decoder.isInPaste)
    }

    @Test func escAndQInsideAPasteAreText() {
        let (keys, _) = decode([start + "abc\u{1B}q" + end])
        #expect(keys == [.paste("abc\u{1B}q")])
    }

    @Test func aPasteSplitAcrossReadsIsStillOne() {
        // Split inside the text, between the characters of one word and inside the end
        // marker, with the input pausing between reads.
        let (keys, decoder) = decode(["x" + start + "hel", "lo 日", "本\u{1B}", "[2", "01", "~y"])
        #expect(keys == [.character("x"), .paste("hello 日本"), .character("y")])
        #expect(!decoder.isInPaste)
    }

    /// The start marker is an escape sequence like an arrow's: split across reads it is
    /// still one while more is waiting; after a pause (the terminal library's Esc delay
    /// has passed) its characters were keys.
    @Test func aStartMarkerCountsOnlyWhileItsCharactersKeepComing() {
        var decoder = InputDecoder()
        #expect(decoder.feed("\u{1B}[20") + decoder.feed("0~ab") == [])
        #expect(decoder.isInPaste)
        #expect(decoder.feed(end) == [.paste("ab")])
        #expect(decode(["\u{1B}[2", "00~"]).keys == [.escape] + "[200~".map { .character($0) })
    }

    @Test func endMarkerFragmentsInsideAPasteAreText() {
        let text = "a\u{1B}[201x b\u{1B}[20\u{1B}[2c\u{1B}"
        let (keys, _) = decode([start + text + end])
        #expect(keys == [.paste(text)])
    }

    @Test func aNestedStartMarkerIsDroppedAndTheFirstEndEndsThePaste() {
        let (keys, _) = decode([start + "one" + start + "two" + end + "q"])
        #expect(keys == [.paste("onetwo"), .character("q")], "the q after the end is a key again")
    }

    @Test func anUnterminatedPasteWaitsThenEndsWithWhatArrived() {
        var decoder = InputDecoder()
        var keys = decoder.feed(start + "half a link\u{1B}[20") + decoder.inputPaused()
        #expect(keys.isEmpty, "a pause inside a paste is not its end")
        #expect(decoder.isInPaste)
        keys = decoder.pasteTimedOut()
        #expect(keys == [.paste("half a link\u{1B}[20")])
        #expect(!decoder.isInPaste)
        #expect(decoder.feed("q") == [.character("q")])
        // Its end marker, arriving late, is dropped rather than typed.
        #expect(decoder.feed(end) + decoder.inputPaused() == [])
    }

    @Test func aLoneEscIsAKeyAsSoonAsTheInputPauses() {
        var decoder = InputDecoder()
        #expect(decoder.feed("\u{1B}") == [], "it may begin a marker")
        #expect(decoder.inputPaused() == [.escape])
    }

    @Test func escFollowedByWhatIsNoMarkerGivesTheKeysInOrder() {
        let (keys, _) = decode(["\u{1B}[2\u{1B}q\r"])
        #expect(keys == [.escape, .character("["), .character("2"), .escape, .character("q"), .enter])
    }

    @Test func keysTheLibraryDecodedPassThroughAndAResizeDoesNotEndAPaste() {
        var decoder = InputDecoder()
        #expect(decoder.feed(.key(.up)) == [.up])
        _ = decoder.feed(start + "ab")
        #expect(decoder.feed(.key(.resize)) == [.resize])
        #expect(decoder.feed("c" + end) == [.paste("abc")])
    }

    @Test func anEmptyPasteIsStillAPaste() {
        #expect(decode([start + end]).keys == [.paste("")])
    }

    @Test func controlCharactersOutsideAPasteAreKeysAsTyped() {
        let (keys, _) = decode(["\u{1}\u{7F}\t\u{0}"])
        #expect(keys == [.ctrl("a"), .backspace, .tab])
    }
}
