import Foundation

/// The lines of a batch, read as they come (from a pipe, each command runs as soon as its
/// line is there, not once the writer is done).
struct BatchInput {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    /// `-` is stdin.
    init(_ file: String) throws {
        if file == "-" {
            descriptor = STDIN_FILENO
            return
        }
        descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CLIError("file", "cannot read \(file): \(String(cString: strerror(errno)))", code: ExitStatus.usage)
        }
    }

    /// The next line without its line break (a CR before it too), nil at the end.
    mutating func nextLine() throws -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return line
            }
            try readMore()
        }
    }

    /// Whether `nextLine` would answer without waiting for the writer: a whole line is
    /// read already, the input has ended, or the descriptor has bytes (or its end) ready.
    var hasLineReady: Bool {
        if atEnd || buffer[start...].contains(UInt8(ascii: "\n")) { return true }
        var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&ready, 1, 0) > 0
    }

    private mutating func readMore() throws {
        // What was returned already is dropped before the buffer grows.
        buffer.removeFirst(start)
        start = 0
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { return }
            throw CLIError("file", "cannot read the commands: \(String(cString: strerror(errno)))", code: ExitStatus.storage)
        }
        if count == 0 { atEnd = true } else { buffer += chunk[..<count] }
    }
}
