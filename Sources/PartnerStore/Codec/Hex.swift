/// Fixed-width hexadecimal for error messages, so checksums line up and compare by eye.
enum Hex {
    static func byte(_ value: UInt8) -> String { padded(String(value, radix: 16), 2) }
    static func word(_ value: UInt32) -> String { padded(String(value, radix: 16), 8) }

    private static func padded(_ text: String, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
