import Foundation

/// The files shipped with the package (offer catalog, demo world names), read through
/// the package's resource bundle so the binary works from any directory.
public enum PartnerResources {
    public enum Missing: Error, CustomStringConvertible {
        case file(String)
        public var description: String { "resource \(fileName) is missing from the package bundle" }
        var fileName: String { if case .file(let n) = self { return n }; return "" }
    }

    public static func data(_ relativePath: String) throws -> Data {
        guard let base = Bundle.module.resourceURL else { throw Missing.file(relativePath) }
        let url = base.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing.file(relativePath) }
        return data
    }
}
