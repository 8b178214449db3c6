import Foundation

/// Element-wise activations and the binary cross-entropy used by the Siamese head.
public enum Activation {
  /// `1 / (1 + e^(−x))`, computed without overflow for large |x|.
  @inline(__always)
  public static func sigmoid(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
  }

  /// `max(x, 0)`.
  @inline(__always)
  public static func relu(_ x: Float) -> Float { max(x, 0) }
}

/// Binary cross-entropy of a sigmoid probability, taken from the logit so that it never
/// evaluates log(0): `ℓ(z, y) = max(z, 0) − z·y + log(1 + e^(−|z|))`, which equals
/// `−y·log σ(z) − (1 − y)·log(1 − σ(z))` and is finite for every finite z.
public enum BinaryCrossEntropy {
  /// The loss for one logit `z` and target `y` in [0, 1], in Double for accurate sums.
  public static func loss(logit z: Float, label y: Float) -> Double {
    let z = Double(z)
    return max(z, 0) - z * Double(y) + log1p(exp(-abs(z)))
  }

  /// `∂ℓ/∂z = σ(z) − y`.
  public static func gradient(logit z: Float, label y: Float) -> Float {
    Activation.sigmoid(z) - y
  }
}
