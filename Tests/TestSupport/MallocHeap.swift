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

    /// The heap's growth per value while `count` values made by `make` are held, read five
    /// times: what another test allocates meanwhile can only raise a reading and what it
    /// frees only lower one, so a bound is read against the least (or the most) of them.
    /// Nil where there is no `mallinfo2`.
    public static func growthEach<T>(count: Int, _ make: (Int) -> T) -> [Int]? {
        var costs: [Int] = []
        for _ in 0..<5 {
            guard let before = bytesInUse() else { return nil }
            let made = (0..<count).map(make)
            guard let after = bytesInUse() else { return nil }
            costs.append((after - before) / count)
            withExtendedLifetime(made) {}
        }
        return costs
    }

    /// What malloc gave the object `object` (its usable size, glibc's `malloc_usable_size`,
    /// found like `mallinfo2`) plus the 8-byte chunk header every block carries. Unlike
    /// `bytesInUse`, it reads one block, so another test allocating meanwhile cannot move it.
    public static func blockBytes(of object: AnyObject) -> Int? {
        typealias UsableSize = @convention(c) (UnsafeMutableRawPointer) -> Int
        guard let symbol = dlsym(nil, "malloc_usable_size") else { return nil }
        let usableSize = unsafeBitCast(symbol, to: UsableSize.self)
        return usableSize(Unmanaged.passUnretained(object).toOpaque()) + 8
    }

    /// The block of an array's elements: on Linux an `Array` is one reference, to a heap
    /// object that holds its header and elements. Nil for an empty array, which shares a
    /// static object malloc never gave.
    public static func blockBytes<Element>(ofArray array: [Element]) -> Int? {
        guard array.capacity > 0 else { return nil }
        return blockBytes(of: unsafeBitCast(array, to: AnyObject.self))
    }
}
#endif
