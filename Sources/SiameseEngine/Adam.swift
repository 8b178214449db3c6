import Foundation

/// Adam (Kingma & Ba, 2015) in the form Keras uses, with Keras's defaults.
///
/// At step t (from 1): `m ← m + (g − m)(1 − β1)`, `v ← v + (g² − v)(1 − β2)`,
/// `α = lr·sqrt(1 − β2^t) / (1 − β1^t)`, `w ← w − α·m / (sqrt(v) + ε)`. Note that ε is added
/// to sqrt(v) after bias correction is folded into α, exactly as Keras does, so results match
/// Keras rather than the paper's ε placement.
public struct Adam: Sendable {
  /// Step size (Keras default 1e-3).
  public var learningRate: Float
  /// Decay of the first-moment (mean) estimate, Keras default 0.9.
  public var beta1: Float
  /// Decay of the second-moment estimate, Keras default 0.999.
  public var beta2: Float
  /// Added to sqrt(v) in the denominator, Keras default 1e-7.
  public var epsilon: Float
  /// Updates applied so far.
  public private(set) var step = 0
  var firstMoments: [[Float]] = []
  var secondMoments: [[Float]] = []
  /// Gradient buffers kept between training steps (see `SiameseNetwork.trainStep`).
  var workspace: [Tensor] = []

  /// An optimizer with no history; hyper-parameters outside their ranges are programmer errors.
  public init(
    learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7
  ) {
    precondition(learningRate >= 0, "learningRate must be >= 0, got \(learningRate)")
    precondition(
      (0..<1).contains(beta1) && (0..<1).contains(beta2), "beta1 and beta2 must be in [0, 1)")
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// Applies one update to `parameters` from `gradients` (same count and shapes, a programmer
  /// error otherwise). Moments are created, zero, on the first call.
  public mutating func update(_ parameters: inout [Tensor], gradients: [Tensor]) {
    update(&parameters, gradients: gradients, l2: nil)
  }

  /// The gradient buffers of the last step when their shapes fit, else fresh zero tensors.
  mutating func takeWorkspace(shapes: [[Int]]) -> [Tensor] {
    var buffers: [Tensor] = []
    swap(&buffers, &workspace)
    guard buffers.map(\.shape) == shapes else { return shapes.map { Tensor(shape: $0) } }
    return buffers
  }

  mutating func returnWorkspace(_ buffers: [Tensor]) { workspace = buffers }

  /// The update with `2·l2[i]·w` added to gradient i on the fly (the derivative of an L2
  /// penalty `l2[i]·Σw²`), which saves a pass over every weight.
  mutating func update(_ parameters: inout [Tensor], gradients: [Tensor], l2: [Float]?) {
    precondition(parameters.count == gradients.count, "one gradient per parameter tensor")
    if firstMoments.isEmpty {
      firstMoments = parameters.map { [Float](repeating: 0, count: $0.count) }
      secondMoments = firstMoments
    }
    step += 1
    let t = Double(step)
    let alpha = Float(
      Double(learningRate) * (1 - pow(Double(beta2), t)).squareRoot()
        / (1 - pow(Double(beta1), t)))
    let (b1, b2, eps) = (beta1, beta2, epsilon)

    for index in parameters.indices {
      precondition(
        parameters[index].shape == gradients[index].shape,
        "gradient \(index) has shape \(gradients[index].shape), parameter has "
          + "\(parameters[index].shape)")
      var m: [Float] = []
      var v: [Float] = []
      swap(&m, &firstMoments[index])
      swap(&v, &secondMoments[index])
      let decay = 2 * (l2?[index] ?? 0)
      m.withUnsafeMutableBufferPointer { m in
        v.withUnsafeMutableBufferPointer { v in
          gradients[index].scalars.withUnsafeBufferPointer { g in
            parameters[index].scalars.withUnsafeMutableBufferPointer { w in
              let (mp, vp) = (SharedPointer(m.baseAddress!), SharedPointer(v.baseAddress!))
              let (gp, wp) = (SharedConstPointer(g.baseAddress!), SharedPointer(w.baseAddress!))
              parallelFor(w.count, minimumPerWorker: 1 << 14) { range in
                for i in range {
                  let gradient = gp.base[i] + decay * wp.base[i]
                  mp.base[i] += (gradient - mp.base[i]) * (1 - b1)
                  vp.base[i] += (gradient * gradient - vp.base[i]) * (1 - b2)
                  wp.base[i] -= mp.base[i] * alpha / (vp.base[i].squareRoot() + eps)
                }
              }
            }
          }
        }
      }
      swap(&m, &firstMoments[index])
      swap(&v, &secondMoments[index])
    }
  }
}
