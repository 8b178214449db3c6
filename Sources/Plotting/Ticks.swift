import Foundation

/// A linear map from data values to pixel positions.
struct LinearScale {
  var domain: (lower: Double, upper: Double)
  var pixels: (start: Double, end: Double)

  func callAsFunction(_ v: Double) -> Double {
    let t = (v - domain.lower) / (domain.upper - domain.lower)
    return pixels.start + t * (pixels.end - pixels.start)
  }
}

enum Ticks {
  /// Tick values at a "nice" step (1, 2 or 5 times a power of ten) that fall inside
  /// `lower...upper`, aiming at about `target` ticks.
  static func nice(lower: Double, upper: Double, target: Int = 6) -> [Double] {
    let span = upper - lower
    guard span > 0, span.isFinite else { return [lower] }
    let raw = span / Double(max(target, 2) - 1)
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    var ticks: [Double] = []
    var k = ceil(lower / step - 1e-9)
    while k * step <= upper + step * 1e-9 {
      // Multiplying an integer count by the step avoids the drift of repeated addition.
      let value = k * step
      ticks.append(abs(value) < step * 1e-9 ? 0 : value)
      k += 1
    }
    return ticks
  }

  /// Labels for tick values: as few decimals as tell neighbours apart, or exponent notation
  /// for very large or very small magnitudes.
  static func labels(_ ticks: [Double]) -> [String] {
    guard !ticks.isEmpty else { return [] }
    let magnitude = ticks.map(abs).max() ?? 0
    let step = zip(ticks, ticks.dropFirst()).map { abs($1 - $0) }.min() ?? magnitude
    if magnitude >= 1e5 || (magnitude > 0 && magnitude < 1e-3) {
      return ticks.map { formatExponent($0) }
    }
    // The fewest decimals that write every tick exactly (0.25 needs two even though a step of
    // 0.25 alone would suggest one), capped at what the step size can justify plus one.
    let cap = step > 0 ? min(6, max(0, Int(ceil(-log10(step) - 1e-9))) + 1) : 0
    let decimals =
      (0...cap).first { d in
        let scale = pow(10, Double(d))
        return ticks.allSatisfy { abs($0 * scale - ($0 * scale).rounded()) < 1e-6 }
      } ?? cap
    return ticks.map { format($0, decimals: decimals) }
  }

  static func format(_ v: Double, decimals: Int) -> String {
    let s = String(format: "%.\(decimals)f", v)
    // "-0" and "-0.00" read as a different number from 0.
    if let zero = Double(s), zero == 0 { return String(format: "%.\(decimals)f", 0.0) }
    return s
  }

  /// "5e-5" style, the way learning rates are usually written.
  static func formatExponent(_ v: Double) -> String {
    if v == 0 { return "0" }
    let exponent = Int(floor(log10(abs(v))))
    let mantissa = v / pow(10, Double(exponent))
    let m = String(format: "%.1f", mantissa).replacingOccurrences(of: ".0", with: "")
    return "\(m)e\(exponent)"
  }

  /// Data range padded by `fraction` of its span on each side; a zero span is widened so that
  /// a constant series still gets an axis.
  static func padded(_ lower: Double, _ upper: Double, fraction: Double = 0.05)
    -> (lower: Double, upper: Double)
  {
    var span = upper - lower
    if span <= 0 {
      span = lower == 0 ? 1 : abs(lower) * 0.2
      return (lower - span / 2, upper + span / 2)
    }
    return (lower - span * fraction, upper + span * fraction)
  }
}
