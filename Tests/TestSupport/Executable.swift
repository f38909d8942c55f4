import Foundation

/// Small programs the tests write and then run (a fake `xclip`, a fake browser).
public enum Executable {
    /// Writes `script` as an executable file (0700). The descriptor is close-on-exec:
    /// a file opened for writing that a child of a concurrent test inherits through
    /// its exec cannot be run ("Text file busy") until that child exits, and
    /// Foundation's writers do not set the flag.
    public static func write(_ script: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o700)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let bytes = Array(script.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += n
        }
        guard fchmod(fd, 0o700) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
