#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns errno values into text without depending on Foundation.
enum SystemError {
    static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "unknown error" }
        return String(cString: text)
    }

    static var current: Int32 { errno }

    /// A file system that will not let this process write (read-only media, no
    /// permission), as opposed to one that failed while writing.
    static func refusesWriting(_ code: Int32) -> Bool {
        code == EROFS || code == EACCES || code == EPERM
    }

    /// The errno's symbol for the few that messages name, else its number.
    static func name(_ code: Int32) -> String {
        switch code {
        case EROFS: return "EROFS"
        case EACCES: return "EACCES"
        case EPERM: return "EPERM"
        case EIO: return "EIO"
        case ENOSPC: return "ENOSPC"
        default: return "errno \(code)"
        }
    }
}
