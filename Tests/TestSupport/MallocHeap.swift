#if canImport(Glibc)
import Glibc

/// Bytes the process holds from malloc now: glibc's `mallinfo2()`, bytes in use in the
/// arenas (`uordblks`, its 8th field) and in mapped blocks (`hblkhd`, its 5th). Swift's
/// Glibc module leaves out malloc.h, so it is found with `dlsym`; a struct of ten words
/// comes back on x86-64 through a pointer the caller passes first, so that is how it is
/// called. Nil where there is no `mallinfo2`. Tests compare it before and after an
/// allocation; the bench's memory part reads it as structures are freed.
public enum MallocHeap {
    public static func bytesInUse() -> Int? {
        #if arch(x86_64)
        typealias MallInfo2 = @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?
        guard let symbol = dlsym(nil, "mallinfo2") else { return nil }
        let mallinfo2 = unsafeBitCast(symbol, to: MallInfo2.self)
        var fields = [Int](repeating: 0, count: 10)
        fields.withUnsafeMutableBytes { _ = mallinfo2($0.baseAddress!) }
        return fields[7] + fields[4]
        #else
        return nil
        #endif
    }
}
#endif
