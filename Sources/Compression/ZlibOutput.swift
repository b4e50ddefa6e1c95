/// How zlib writes into a caller's `[UInt8]` without a scratch buffer.
///
/// `Array` has no public way to append into uninitialised spare capacity, so a step appends
/// zeroed bytes, lets zlib write over a prefix of them and trims the rest. Steps start near the
/// expected output size and double up to `maxStepBytes`, so the zero-fill costs at most about
/// twice the bytes produced and the array never grows more than one step past its content.
enum ZlibOutput {
    /// The largest single output step (the bound the inflater's cap check relies on).
    static let maxStepBytes = 16 * 1024
    /// The smallest step: one DEFLATE match is at most 258 bytes, and sync flushes want more than 6 bytes of room (zlib.h).
    static let minStepBytes = 256

    /// The first step for output expected near `expectedBytes`.
    static func firstStepBytes(expectedBytes: Int) -> Int {
        min(maxStepBytes, max(minStepBytes, expectedBytes))
    }

    /// The step after one that zlib filled completely.
    static func nextStepBytes(after stepBytes: Int) -> Int {
        min(maxStepBytes, stepBytes * 2)
    }

    /// Zeros to append from: copying a contiguous array is a memcpy even in debug builds,
    /// where appending `repeatElement(0, count:)` runs the generic per-element path.
    static let zeros = [UInt8](repeating: 0, count: maxStepBytes)
}

extension Array where Element == UInt8 {
    /// Appends `stepBytes` zeroed bytes, lets `write` fill a prefix of them given their start,
    /// and trims what `write` reports it left unused. Returns the unused count.
    @inline(__always)
    mutating func appendStep(_ stepBytes: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) -> Int {
        precondition(stepBytes <= ZlibOutput.maxStepBytes, "output steps are bounded")
        let start = count
        append(contentsOf: ZlibOutput.zeros[..<stepBytes])
        let unused = withUnsafeMutableBufferPointer { buffer in
            write(buffer.baseAddress! + start)
        }
        precondition(unused >= 0 && unused <= stepBytes, "zlib reported more room than it was given")
        removeLast(unused)
        return unused
    }
}
