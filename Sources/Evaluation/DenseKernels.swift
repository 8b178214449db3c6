/// The two inner loops of the PCA, on contiguous Double storage.
///
/// The sum in `dot` runs in a fixed order (16 lanes of multiply-then-add combined in a fixed
/// tree, then the tail), so a given input gives the same bits on every run and on every machine
/// with IEEE doubles; it is not the same rounding as a plain left-to-right sum.
enum DenseKernels {
  /// Σ a[t]·b[t] for t in 0..<count.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    let stride = MemoryLayout<Double>.stride
    var low = SIMD8<Double>()
    var high = SIMD8<Double>()
    var t = 0
    while t + 16 <= count {
      let aLow = rawA.loadUnaligned(fromByteOffset: t * stride, as: SIMD8<Double>.self)
      let bLow = rawB.loadUnaligned(fromByteOffset: t * stride, as: SIMD8<Double>.self)
      let aHigh = rawA.loadUnaligned(fromByteOffset: (t + 8) * stride, as: SIMD8<Double>.self)
      let bHigh = rawB.loadUnaligned(fromByteOffset: (t + 8) * stride, as: SIMD8<Double>.self)
      // A separate multiply and add rather than `addProduct`: the default x86-64 target has no
      // FMA instruction, so the fused form became a libm call per lane and ran 10× slower.
      low += aLow * bLow
      high += aHigh * bHigh
      t += 16
    }
    let eight = low + high
    let four = eight.lowHalf + eight.highHalf
    let two = four.lowHalf + four.highHalf
    var sum = two[0] + two[1]
    while t < count {
      sum += a[t] * b[t]
      t += 1
    }
    return sum
  }

  /// y[t] += alpha · x[t] for t in 0..<count.
  @inline(__always)
  static func addScaled(
    _ alpha: Double, _ x: UnsafePointer<Double>, to y: UnsafeMutablePointer<Double>, count: Int
  ) {
    for t in 0..<count { y[t] += alpha * x[t] }
  }
}
