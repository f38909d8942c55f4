// The libFuzzer entry point for `scripts/fuzz`: the first byte picks the reader
// (`ReaderFuzzing.Target`), the rest is its input. A broken property traps, which libFuzzer
// reports as a crash with the input saved.
import PartnerStore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let targets = ReaderFuzzing.Target.allCases
    let target = targets[Int(data[0]) % targets.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if let problem = ReaderFuzzing.feed(bytes, to: target) { fatalError(problem) }
    return 0
}
